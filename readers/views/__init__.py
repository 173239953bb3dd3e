"""The readers' pages: stories (home, latest, article, archives) and lists (courts, topics,
people), each view a thin layer over ``Article.objects.published()`` and the list index."""
