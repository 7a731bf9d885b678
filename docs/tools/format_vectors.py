#!/usr/bin/env python3
"""An independent implementation of Rehearsal's canonical item encoding and content digest.

It follows the text of docs/FORMAT.md ("Canonical item encoding" and "Content digest"), not the
Java code, so that the test vectors it prints are a second opinion on the Java implementation
rather than a copy of it. Standard library only.

    python3 docs/tools/format_vectors.py                 print the vectors block of FORMAT.md
    python3 docs/tools/format_vectors.py --check FILE    exit 1 unless FILE's vectors block is exactly that
    zstd -dc data/*.json.zst | python3 docs/tools/format_vectors.py --digest
                                                         content digest of DynamoDB JSON lines on stdin
"""

import base64
import hashlib
import json
import re
import struct
import sys

ALGORITHM = "sum-sha256-v1"
MODULUS = 1 << 256

# The decimal numeral grammar of FORMAT.md: ASCII digits only, optional sign, optional fraction,
# optional exponent.
NUMERAL = re.compile(r"([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?", re.ASCII)
# Characters U+0000..U+0020 around a number are ignored.
SURROUNDING = "".join(chr(c) for c in range(0x21))
INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1


class FormatError(ValueError):
    pass


# ---------------------------------------------------------------------------------------------
# Numbers


def canonical_number(text):
    """Zero is "0"; otherwise the significant digits without trailing zeros, "E", the exponent."""
    m = NUMERAL.fullmatch(text.strip(SURROUNDING))
    if m is None:
        raise FormatError("not a number: %r" % text)
    sign, whole, fraction, only_fraction, exponent = m.groups()
    if whole is None:
        whole, fraction = "", only_fraction
    fraction = fraction or ""
    exp = int(exponent) if exponent is not None else 0
    if not INT32_MIN <= exp <= INT32_MAX:
        raise FormatError("exponent out of range: %r" % text)
    digits = (whole + fraction).lstrip("0")
    exp -= len(fraction)
    if digits == "":
        return "0"
    stripped = digits.rstrip("0")
    exp += len(digits) - len(stripped)
    return ("-" if sign == "-" else "") + stripped + "E" + str(exp)


# ---------------------------------------------------------------------------------------------
# DynamoDB JSON


def _no_duplicate_names(pairs):
    seen = {}
    for name, value in pairs:
        if name in seen:
            raise FormatError("duplicate name %r" % name)
        seen[name] = value
    return seen


def parse_item_line(line):
    """One data-object line, {"Item":{...}}, to the item's attribute map (as parsed JSON)."""
    doc = json.loads(line, object_pairs_hook=_no_duplicate_names)
    if not isinstance(doc, dict) or list(doc) != ["Item"] or not isinstance(doc["Item"], dict):
        raise FormatError('a line must be {"Item":{...}}')
    return doc["Item"]


def _text(s):
    if not isinstance(s, str):
        raise FormatError("expected a string, found %r" % (s,))
    return s


def _utf8(s):
    try:
        _text(s)
        return s.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate from a \\uD800-style escape
        raise FormatError("string is not valid Unicode: %r" % s) from e


def _binary(s):
    try:
        return base64.b64decode(_text(s), validate=True)
    except ValueError as e:
        raise FormatError("not base64: %r" % s) from e


def _list(v):
    if not isinstance(v, list):
        raise FormatError("expected an array, found %r" % (v,))
    return v


# ---------------------------------------------------------------------------------------------
# Canonical encoding


def _u32(n):
    return struct.pack(">I", n)


def _sized(b):
    return _u32(len(b)) + b


def _set(tag, members):
    members = sorted(members)  # bytes compare as unsigned octets, a prefix first
    return tag + _u32(len(members)) + b"".join(_sized(m) for m in members)


def encode_map(attributes):
    if not isinstance(attributes, dict):
        raise FormatError("expected an object of attributes, found %r" % (attributes,))
    entries = sorted(((_utf8(name), value) for name, value in attributes.items()), key=lambda e: e[0])
    out = b"M" + _u32(len(entries))
    for name, value in entries:
        out += _sized(name) + encode_value(value)
    return out


def encode_value(value):
    if not isinstance(value, dict) or len(value) != 1:
        raise FormatError("an attribute value is an object with exactly one type: %r" % (value,))
    (kind, v), = value.items()
    if kind == "S":
        return b"S" + _sized(_utf8(v))
    if kind == "N":
        return b"N" + _sized(canonical_number(_text(v)).encode("ascii"))
    if kind == "B":
        return b"B" + _sized(_binary(v))
    if kind == "SS":
        return _set(b"s", [_utf8(m) for m in _list(v)])
    if kind == "NS":
        return _set(b"n", [canonical_number(_text(m)).encode("ascii") for m in _list(v)])
    if kind == "BS":
        return _set(b"b", [_binary(m) for m in _list(v)])
    if kind == "M":
        return encode_map(v)
    if kind == "L":
        items = _list(v)
        return b"L" + _u32(len(items)) + b"".join(encode_value(e) for e in items)
    if kind == "NULL":
        if v is not True:
            raise FormatError('"NULL" must be true')
        return b"z"
    if kind == "BOOL":
        if v is True:
            return b"T"
        if v is False:
            return b"F"
        raise FormatError('"BOOL" must be true or false')
    raise FormatError("unknown attribute type %r" % kind)


def item_hash(attributes):
    return hashlib.sha256(encode_map(attributes)).digest()


# ---------------------------------------------------------------------------------------------
# Content digest


def digest(hashes):
    total, count = 0, 0
    for h in hashes:
        total = (total + int.from_bytes(h, "big")) % MODULUS
        count += 1
    return "%064x" % total, count


# ---------------------------------------------------------------------------------------------
# The vectors


NUMBERS = [
    "0", "-0", "0.000", "0E10", "-0.0E-7",
    "1", "1.0", "1E0", "1e0", "+1", "10E-1", "0.1E1",
    "100", "1E2", "1e+2", "1500", "1.5E+3",
    "-0.50", "123.45", "12.3400", "0.001", ".5", "5.", "007",
    "12345678901234567890123456789012345678",
    "-12345678901234567890123456789012345678",
    "99999999999999999999999999999999999990",
    "9.9999999999999999999999999999999999999E+125",
    "-9.9999999999999999999999999999999999999E+125",
    "1E-130", "-1E-130", "0.0000000000000000000000000000000000000000123",
]

INVALID_NUMBERS = ["abc", "NaN", "Infinity", "1E", "1.2.3", "--1", "0x10", "1,5", "."]

ITEMS = [
    ("string", '{"pk":{"S":"user#1"}}'),
    ("numbers", '{"pk":{"S":"numbers"},'
                '"big":{"N":"12345678901234567890123456789012345678"},'
                '"negative":{"N":"-0.50"},'
                '"exponent":{"N":"1.5E+3"},'
                '"zero":{"N":"-0.000"},'
                '"largest":{"N":"9.9999999999999999999999999999999999999E+125"},'
                '"smallest":{"N":"1E-130"},'
                '"negativeBig":{"N":"-99999999999999999999999999999999999999"}}'),
    ("binary", '{"pk":{"S":"binary"},"bin":{"B":"AAEC/f7/"},"text":{"B":"aGVsbG8="},"empty":{"B":""}}'),
    ("sets", '{"pk":{"S":"sets"},'
             '"ss":{"SS":["pear","Apple","apple","\u00e4pple","Zebra"]},'
             '"ns":{"NS":["10","-1","2.50","0","1E2","12345678901234567890123456789012345678"]},'
             '"bs":{"BS":["gA==","fw==","AAE=","AA==","/w=="]}}'),
    ("nested", '{"pk":{"S":"nested"},'
               '"doc":{"M":{"list":{"L":[{"N":"1"},{"S":"two"},{"L":[{"NULL":true},{"BOOL":false}]},'
               '{"M":{"k":{"BOOL":true}}},{"SS":["b","a"]},{"L":[]}]},'
               '"emptyMap":{"M":{}},"emptyString":{"S":""},"nothing":{"NULL":true},'
               '"inner":{"M":{"deeper":{"M":{"n":{"N":"-1E-5"}}}}}}},'
               '"flag":{"BOOL":true},"off":{"BOOL":false},"gone":{"NULL":true}}'),
    ("unicode", '{"pk":{"S":"unicode"},'
                '"\u540d\u524d":{"S":"\u5c71\u7530 \u592a\u90ce"},'
                '"\uff5e":{"S":"fullwidth tilde"},'
                '"\\ud83d\\ude00":{"S":"grinning face \U0001F600"},'
                '"\u00e9":{"S":"caf\u00e9"},'
                '"Z":{"S":"upper"},"a":{"S":"lower"},'
                '"ss":{"SS":["\uff5e","\U0001F600","\u00e9","e","\u540d"]}}'),
    ("order-a", '{"pk":{"S":"order"},"n":{"N":"1"},'
                '"m":{"M":{"x":{"N":"100"},"y":{"S":"why"}}},'
                '"ss":{"SS":["c","a","b"]},"ns":{"NS":["3","1.0","2"]},"bs":{"BS":["Ag==","AQ=="]},'
                '"l":{"L":[{"S":"first"},{"S":"second"}]}}'),
    ("order-b", '{"l":{"L":[{"S":"first"},{"S":"second"}]},'
                '"bs":{"BS":["AQ==","Ag=="]},"ns":{"NS":["2","1","3.00"]},"ss":{"SS":["b","c","a"]},'
                '"m":{"M":{"y":{"S":"why"},"x":{"N":"1E2"}}},'
                '"n":{"N":"1E0"},"pk":{"S":"order"}}'),
    ("list-order", '{"pk":{"S":"order"},"n":{"N":"1"},'
                   '"m":{"M":{"x":{"N":"100"},"y":{"S":"why"}}},'
                   '"ss":{"SS":["c","a","b"]},"ns":{"NS":["3","1.0","2"]},"bs":{"BS":["Ag==","AQ=="]},'
                   '"l":{"L":[{"S":"second"},{"S":"first"}]}}'),
    ("string-again", '{"pk":{"S":"user#1"}}'),
]

DIGESTS = [
    [],
    ["string"],
    ["string", "string-again"],
    ["string-again", "string", "string"],
    ["order-a", "order-b"],
    ["numbers", "binary", "sets"],
    ["sets", "numbers", "binary"],
]

HEADER = """\
# Generated by docs/tools/format_vectors.py, an independent implementation of this document.
# number: <input> -> <canonical form>, or -> error if the input is not a number.
# name/item/encoding/sha256: one item (the object inside {"Item":...}), its canonical
#   encoding in hex and the SHA-256 of that encoding; same-encoding-as names an earlier item
#   whose encoding must be identical.
# digest-of: <names> -> <sum> items <n>: the content digest of the named items (a name may repeat).
# digest-of-all: <sum> items <n>: the content digest of every item above, in order."""


def vectors():
    lines = [HEADER, ""]
    for n in NUMBERS:
        lines.append("number: %s -> %s" % (n, canonical_number(n)))
    for n in INVALID_NUMBERS:
        try:
            canonical_number(n)
        except FormatError:
            lines.append("number: %s -> error" % n)
        else:
            raise AssertionError("accepted %r" % n)
    encodings, hashes = {}, {}
    for name, text in ITEMS:
        attributes = parse_item_line('{"Item":' + text + "}")
        encoding = encode_map(attributes)
        lines += ["", "name: " + name, "item: " + text]
        same = [other for other, enc in encodings.items() if enc == encoding]
        if same:
            lines.append("same-encoding-as: " + same[0])
        lines += ["encoding: " + encoding.hex(), "sha256: " + hashlib.sha256(encoding).hexdigest()]
        encodings[name] = encoding
        hashes[name] = hashlib.sha256(encoding).digest()
    # What the vectors exist to show; stop rather than print vectors that do not show it.
    assert encodings["order-a"] == encodings["order-b"]
    assert encodings["order-a"] != encodings["list-order"]
    assert digest([hashes["string"]] * 2)[0] != "0" * 64
    lines.append("")
    for names in DIGESTS:
        total, count = digest(hashes[n] for n in names)
        lines.append("digest-of: %s -> %s items %d" % (" ".join(names), total, count) if names
                     else "digest-of: -> %s items %d" % (total, count))
    total, count = digest(hashes[name] for name, _ in ITEMS)
    lines.append("digest-of-all: %s items %d" % (total, count))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def block_in(markdown):
    m = re.search(r"^```vectors\n(.*?)^```$", markdown, re.S | re.M)
    if m is None:
        raise SystemExit("no ```vectors block found")
    return m.group(1)


def main(argv):
    if len(argv) == 1:
        sys.stdout.write(vectors())
        return 0
    if argv[1] == "--check" and len(argv) == 3:
        with open(argv[2], encoding="utf-8") as f:
            found = block_in(f.read())
        if found != vectors():
            sys.stderr.write("the vectors block in %s differs from what this script prints\n" % argv[2])
            return 1
        return 0
    if argv[1] == "--digest" and len(argv) == 2:
        hashes = []
        for number, line in enumerate(sys.stdin.buffer, 1):
            if not line.endswith(b"\n"):
                raise SystemExit("line %d does not end with a newline (truncated?)" % number)
            try:
                hashes.append(item_hash(parse_item_line(line[:-1].decode("utf-8"))))
            except (ValueError, UnicodeDecodeError) as e:
                raise SystemExit("line %d: %s" % (number, e))
        total, count = digest(hashes)
        print("%s %s items %d" % (ALGORITHM, total, count))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
