"""The bundled sample site: pages newsbot ships so that `scrapy crawl sample` works with no network."""
