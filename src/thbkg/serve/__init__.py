"""``thbkg serve``: a read-only SPARQL 1.1 endpoint over the build, safe to expose to anyone.

app.py wires the routes; protocol.py reads SPARQL Protocol requests, guard.py refuses what must
never run (updates, SERVICE, foreign graphs), negotiate.py picks the result format, pool.py and
worker.py run queries in worker processes that can be killed on timeout.
"""
