"""Feeds: fetching (httpx), parsing (feedparser -> domain), syncing and OPML."""
