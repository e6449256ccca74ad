"""Shared support for tests that run real servers: free ports on 127.0.0.1, finding the Redis
binaries (fail under CI=true, skip elsewhere), starting and always stopping processes, a RESP client."""
