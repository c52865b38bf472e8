#!/usr/bin/python3
"""Interop of src/sec with Debian's passlib and PyJWT.

usage: passlib_jwt.py PATH/TO/crypto-tool

Our hashes must verify in passlib and passlib's in ours; our tokens must
decode in PyJWT and PyJWT's HS256 tokens in ours, while PyJWT's HS384 and
alg-none tokens are refused. Exits non-zero when any check fails.
"""
import subprocess
import sys
import time

try:
    import jwt
    from passlib.hash import pbkdf2_sha256
except ImportError as e:  # a broken environment must not look like a pass
    sys.exit(f"interop: {e}: install python3-passlib and python3-jwt, "
             "and run with /usr/bin/python3")

TOOL = sys.argv[1]
KEY = "interop-secret-key-0123456789abcdef"
failures = 0
checks = 0


def run(*args):
    p = subprocess.run([TOOL, *args], capture_output=True, text=True)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def check(name, ok, detail=""):
    global failures, checks
    checks += 1
    if ok:
        print(f"ok - {name}")
    else:
        failures += 1
        print(f"not ok - {name} {detail}")


# ---- our hashes in passlib ----
for rounds in (600000, 29000, 1000):
    for pw in ("password123", "pässwörd✓", "a" * 300):
        rc, out, err = run("hash", pw, str(rounds))
        check(f"hash {rounds} rounds made", rc == 0 and out.startswith(
            f"$pbkdf2-sha256${rounds}$"), f"rc={rc} {err}")
        if rc != 0:
            continue
        check(f"passlib verifies our {rounds}-round hash of {pw[:12]!r}",
              pbkdf2_sha256.verify(pw, out))
        check(f"passlib refuses a wrong password for our {rounds}-round hash",
              not pbkdf2_sha256.verify(pw + "x", out))
        check("passlib identifies our hash", pbkdf2_sha256.identify(out))
        parsed = pbkdf2_sha256.from_string(out)
        check("passlib reads our rounds and 16-byte salt",
              parsed.rounds == rounds and len(parsed.salt) == 16)

# ---- passlib's hashes in ours ----
passwords = ["password123", "admin123", "pässwörd✓", "日本語のパスワード", "x", "",
             "with space and \"quotes\" and $dollars$"]
settings = [
    dict(rounds=1),
    dict(rounds=1000),
    dict(rounds=29000),
    dict(rounds=29000, salt_size=0),
    dict(rounds=1000, salt_size=8),
    dict(rounds=1000, salt_size=32),
    dict(rounds=1000, salt_size=1024),
    dict(rounds=1000, salt=b"\xfb\xff\xfe" * 6),  # salt with '.' and '/'
    dict(rounds=600000),
]
for s in settings:
    handler = pbkdf2_sha256.using(**s)
    for pw in passwords if s.get("rounds") != 600000 else passwords[:2]:
        h = handler.hash(pw)
        rc, out, err = run("verify", pw, h)
        weak = s["rounds"] < 600000 or s.get("salt_size", 16) < 16 or "salt" in s
        check(f"we verify passlib {s} {pw[:10]!r}", rc == 0 and out.startswith("match"),
              f"rc={rc} {err}")
        check(f"needs-rehash flag for passlib {s}",
              ("needs-rehash" in out) == weak, out)
        rc, out, err = run("verify", pw + "!", h)
        check(f"we refuse a wrong password for passlib {s}", rc == 3, f"rc={rc} {err}")
        # passlib's '+' spelling is read as '.'
        if "." in h.split("$")[3]:
            plus = "$".join(h.split("$")[:3] + [h.split("$")[3].replace(".", "+")] +
                            h.split("$")[4:])
            rc, out, err = run("verify", pw, plus)
            check("we read '+' in a passlib salt", rc == 0, f"rc={rc} {err}")

# malformed hashes are an internal error, not a crash and not a match
for bad in ("$pbkdf2-sha256$0$c2FsdA$" + "A" * 43, "$pbkdf2-sha256$29000$c2FsdA$short",
            "$pbkdf2-sha256$4294967295$c2FsdA$" + "A" * 43, "plain"):
    rc, out, err = run("verify", "password", bad)
    check(f"malformed hash {bad[:30]!r} is refused with exit 1", rc == 1, f"rc={rc}")

# ---- our tokens in PyJWT ----
rc, token, err = run("jwt-sign", KEY, "42", "Management")
check("jwt-sign works", rc == 0, err)
if rc == 0:
    header = jwt.get_unverified_header(token)
    check("header is exactly alg HS256, typ JWT",
          header == {"alg": "HS256", "typ": "JWT"}, str(header))
    try:
        claims = jwt.decode(token, KEY, algorithms=["HS256"],
                            options={"require": ["exp", "iat", "sub"]})
        now = int(time.time())
        check("PyJWT decodes our token with the right claims",
              claims["sub"] == "42" and claims["dept"] == "Management" and
              abs(claims["iat"] - now) < 60 and claims["exp"] - claims["iat"] == 86400,
              str(claims))
    except jwt.PyJWTError as e:
        check("PyJWT decodes our token", False, repr(e))
    try:
        jwt.decode(token, KEY + "x", algorithms=["HS256"])
        check("PyJWT refuses our token under another key", False)
    except jwt.InvalidSignatureError:
        check("PyJWT refuses our token under another key", True)
    rc, out, err = run("jwt-verify", KEY, token)
    check("we verify our own token", rc == 0 and out.startswith("sub=42 "), f"rc={rc} {err}")

# ---- PyJWT's tokens in ours ----
now = int(time.time())
base = {"dept": "Support", "iat": now, "exp": now + 3600}

t = jwt.encode({"sub": "7", **base}, KEY, algorithm="HS256")
rc, out, err = run("jwt-verify", KEY, t)
check("we accept a PyJWT HS256 token (string sub)",
      rc == 0 and out.startswith("sub=7 dept=Support "), f"rc={rc} {out} {err}")

t = jwt.encode({"sub": 7, **base}, KEY, algorithm="HS256")
rc, out, err = run("jwt-verify", KEY, t)
check("we accept a PyJWT HS256 token (integer sub)", rc == 0 and out.startswith("sub=7 "),
      f"rc={rc} {err}")

t = jwt.encode({"sub": "7", **base}, KEY, algorithm="HS384")
rc, out, err = run("jwt-verify", KEY, t)
check("we refuse a PyJWT HS384 token", rc == 3, f"rc={rc} {out}")

t = jwt.encode({"sub": "7", **base}, KEY, algorithm="HS512")
rc, out, err = run("jwt-verify", KEY, t)
check("we refuse a PyJWT HS512 token", rc == 3, f"rc={rc} {out}")

t = jwt.encode({"sub": "7", **base}, None, algorithm="none")
rc, out, err = run("jwt-verify", KEY, t)
check("we refuse a PyJWT alg-none token", rc == 3, f"rc={rc} {out}")

t = jwt.encode({"sub": "7", **base}, KEY + "x", algorithm="HS256")
rc, out, err = run("jwt-verify", KEY, t)
check("we refuse a PyJWT token signed with another key", rc == 3, f"rc={rc} {out}")

t = jwt.encode({"sub": "7", "dept": "Support", "iat": now - 7200, "exp": now - 3600}, KEY,
               algorithm="HS256")
rc, out, err = run("jwt-verify", KEY, t)
check("we refuse an expired PyJWT token", rc == 3 and "expired" in err, f"rc={rc} {err}")

t = jwt.encode({"sub": "7", "dept": "Support", "iat": now}, KEY, algorithm="HS256")
rc, out, err = run("jwt-verify", KEY, t)
check("we refuse a PyJWT token without exp", rc == 3, f"rc={rc} {out}")

t = jwt.encode({"sub": "7", **base}, KEY, algorithm="HS256",
               headers={"kid": "x"})
rc, out, err = run("jwt-verify", KEY, t)
check("we accept a PyJWT token with an extra header field", rc == 0, f"rc={rc} {err}")

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
