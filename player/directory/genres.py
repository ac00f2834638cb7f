"""The chart categories: Apple Podcasts' top-level genre ids (the 2019 table, still current).

The charts menu shows these; a chart's ``genre`` is one of the ids. Other directories have no
numeric genres, so they are given the name (Podcast Index's ``cat`` accepts category names,
gpodder.net's tags are lower-case words).
"""

from __future__ import annotations

from player.i18n import N_

GENRES: tuple[tuple[str, str], ...] = (
    ("1301", N_("Arts")),
    ("1321", N_("Business")),
    ("1303", N_("Comedy")),
    ("1304", N_("Education")),
    ("1483", N_("Fiction")),
    ("1511", N_("Government")),
    ("1512", N_("Health & Fitness")),
    ("1487", N_("History")),
    ("1305", N_("Kids & Family")),
    ("1502", N_("Leisure")),
    ("1310", N_("Music")),
    ("1489", N_("News")),
    ("1314", N_("Religion & Spirituality")),
    ("1533", N_("Science")),
    ("1324", N_("Society & Culture")),
    ("1545", N_("Sports")),
    ("1309", N_("TV & Film")),
    ("1318", N_("Technology")),
    ("1488", N_("True Crime")),
)
"""(iTunes genre id, English name), in the order the menu shows them. The names are
marked for translation (:func:`_` where shown); requests send them in English."""

_NAMES = dict(GENRES)

GPODDER_TAGS: dict[str, str] = {
    "1301": "arts",
    "1321": "business",
    "1303": "comedy",
    "1304": "education",
    "1483": "fiction",
    "1511": "government",
    "1512": "health",
    "1487": "history",
    "1305": "kids",
    "1502": "leisure",
    "1310": "music",
    "1489": "news",
    "1314": "religion",
    "1533": "science",
    "1324": "society",
    "1545": "sports",
    "1309": "tv",
    "1318": "technology",
    "1488": "true crime",
}
"""The gpodder.net tag closest to each genre (its tags are free-form, lower case)."""


PODCASTINDEX_CATEGORIES: dict[str, str] = {
    "1301": "Arts",
    "1321": "Business",
    "1303": "Comedy",
    "1304": "Education",
    "1483": "Fiction",
    "1511": "Government",
    "1512": "Health,Fitness",
    "1487": "History",
    "1305": "Kids,Family",
    "1502": "Leisure",
    "1310": "Music",
    "1489": "News",
    "1314": "Religion,Spirituality",
    "1533": "Science",
    "1324": "Society,Culture",
    "1545": "Sports",
    "1309": "TV,Film",
    "1318": "Technology",
    "1488": "True Crime",
}
"""Podcast Index's ``cat`` for each genre: its own category names (comma-separated, any case),
which split Apple's "Health & Fitness" in two and have no "Society & Culture" as such."""


def genre_name(genre: str) -> str:
    """The English name of an iTunes genre id; anything else (a name, a tag) as given."""
    return _NAMES.get(genre, genre)
