"""Tamper evidence for each service's event log: canonical leaves, an RFC 9162 Merkle tree published
by a notary to JetStream with signed checkpoints, and an offline verifier.

    leaf.py        the canonical, versioned encoding of a stored event
    merkle.py      tree hashes, inclusion and consistency proofs and their verifiers
    frontier.py    the right edge of a growing tree (the notary's incremental root)
    note.py        signed notes and Ed25519 keys by key id
    checkpoint.py  signed checkpoints (size, root, time)
    stream.py      the AUDIT stream and its messages; published.py reads them back
    notary.py      the `notarize` role; notary_state.py its bookkeeping
    verify.py      the verifier; commands.py and cli.py `zeren audit …`; archive.py exports
"""
