"""ingest: read articles from text, JSONL, CSV, Parquet, HTML and WARC inputs.

``read_inputs`` streams ``Article`` records, and one ``Problem`` per bad file or record
(with the file and record it concerns), so that bad input never stops a run.
"""

from copytrace.ingest.core import READERS, read_inputs
from copytrace.ingest.normalise import normalise_published, site_from_url
from copytrace.ingest.pages import page_record

__all__ = ["READERS", "normalise_published", "page_record", "read_inputs", "site_from_url"]
