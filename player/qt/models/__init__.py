"""Qt item models over the services. They load in the background and page on demand."""
