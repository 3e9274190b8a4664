"""三审 that means something: who approved which exact text, proven by their own key.

A reviewer signs, with an OpenSSH key (``ssh-keygen -Y sign``), a statement naming the item (kind and id),
the digest of its content as published, the level, their name and the date (statement.py, digest.py). The
signature is stored in ``reviews/<kind>/<id>.yml`` by ``make sign`` (store.py, sign.py), never typed. The
reviewers, the levels each may sign and their public keys are the roster, ``reviewers/roster.yml``, trusted
only when signed by the administrator's key, which the publishing machine is given in its environment
(roster.py) and never reads from the repository. Every build verifies every signature (verify.py): an item is
published only with valid 初审, 复审 and 终审 signatures over its current content, by three different
reviewers allowed those levels, in order, none dated in the future (docs/security.md has the threat model).
"""
