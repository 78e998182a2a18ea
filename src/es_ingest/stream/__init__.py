"""News as a stream: consume articles from Kafka, produce JSON Lines files into it.

offsets.py   which offset each partition may commit (in-order acknowledgement)
messages.py  one message → an Article, or a dead-letter record
sender.py    the bulk thread: retries until Elasticsearch acknowledges
consumer.py  the consumer-group member: poll, reject, enrich, commit
produce.py   JSON Lines files → a topic
stats.py     counters, the progress line and the stats file
"""
