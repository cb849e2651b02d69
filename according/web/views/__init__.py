"""One module per resource: reading an article, articles, speakers, claims, the API docs page."""
