"""Following an organisation's website: feeds, sitemaps and single pages fetched into the ingest."""
