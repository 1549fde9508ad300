"""The analyst's desk: the archive of emitted records, stories across outlets, search and the digest.

Plain Python (no Scrapy): the crawl's pipeline and the `search`/`digest` commands are the Scrapy side.
"""
