"""A third-party extractor: structured situation-report lines.

    CONTROL: Bartella | CTS | captured | 2016-10-20

Each such line becomes a candidate; everything else in the report is ignored.
"""

import re

from tracker import Candidate, Extractor, hookimpl

LINE = re.compile(r"^CONTROL:\s*(?P<place>[^|]+)\|(?P<force>[^|]+)\|(?P<status>[^|]+)\|\s*(?P<date>\d{4}-\d\d-\d\d)\s*$", re.M)


class SitrepExtractor(Extractor):
    extractor_id = "sitrep"
    description = "CONTROL: place | force | status | date lines"

    def extract(self, article, lookups):
        for m in LINE.finditer(article.text):
            place, force = lookups.locality(m["place"].strip()), lookups.force(m["force"].strip())
            if place is None or force is None:
                continue
            yield Candidate(locality=m["place"].strip(), force=force.name, status=m["status"].strip(),
                            date=m["date"], date_earliest=m["date"], date_precision="day", quote=m[0],
                            quote_start=m.start(), quote_end=m.end(), confidence=0.9,
                            locality_id=place.id, force_id=force.id)


@hookimpl
def register_extractors(register):
    register(SitrepExtractor())
