"""The index both sides share: ingest writes it, the bot only reads it.

The Chroma store, the keyword index and its token cache, the embedder, the data folder's layout, the
generation marker and the ingest lock, the release records, and the text helpers both read releases with
(sentences, numbers, months, dates, language). Nothing here imports `ingest` or `bot`.
"""
