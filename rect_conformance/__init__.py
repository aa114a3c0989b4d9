"""rect-conformance: the conformance suite for the DfE RECT Lead Provider API v3."""
