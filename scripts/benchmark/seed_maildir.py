#!/usr/bin/env python3
"""Writes a deterministic benchmark mailbox straight into a Maildir's cur/ folder.

Same arguments, same bytes: every random choice comes from one seeded generator and the dates are fixed, so two
runs (and every contender of one run) read identical messages.

usage: seed_maildir.py MAILDIR COUNT (mixed|small|einvoice|big) [SEED]
  mixed:    60% text only, 30% with a 200 KB PDF-like attachment, 10% with that PDF and a small UBL invoice
  small:    text only, about 1-3 KB each
  einvoice: text and one structured invoice each, odd numbers UBL (EN 16931), even numbers CII (XRechnung): copies
            of valid corpus invoices that differ only in their invoice number, so that the rule sets find them valid
  big:      one message (COUNT must be 1) with a binary attachment of BENCH_BIG_MB megabytes (default 200), then the
            UBL corpus invoice, so that validation has something to compile and check after the big part

einvoice and big read the corpus from BENCH_CORPUS_DIR (default: ../shared/corpus beside the repository).
"""
import base64
import os
import pathlib
import random
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

ATTACHMENT_BYTES = 200 * 1024
WORDS = ("invoice order delivery payment amount due net tax total supplier customer account reference "
         "shipment quantity article price discount remittance statement period balance credit note").split()


def text_lines(rng, count):
    lines = []
    for _ in range(count):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 11))).capitalize() + ".")
    return lines


def wrap_base64(data):
    encoded = base64.b64encode(data).decode("ascii")
    return [encoded[i:i + 76] for i in range(0, len(encoded), 76)]


def pdf_like(rng, number):
    """A small but well-formed PDF (catalog, one page, a content stream of filler, a correct xref table), as invoicing
    systems send them; a PDF without xref would make PDF readers fall back to slow brute-force scanning."""
    def build(filler):
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            None,  # the content stream, below
            b"<< /Title (Invoice " + str(number).encode() + b") >>",
        ]
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i
            if body is None:
                out += b"<< /Length %d >>\nstream\n" % len(filler) + filler + b"\nendstream"
            else:
                out += body
            out += b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
        return bytes(out)

    filler = rng.randbytes(ATTACHMENT_BYTES)
    size = ATTACHMENT_BYTES
    for _ in range(4):  # the /Length and the offsets shrink by a digit or so with the filler
        pdf = build(filler[:size])
        size -= len(pdf) - ATTACHMENT_BYTES
    return pdf


def ubl_invoice(number, issued):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>BENCH-{number:06d}</cbc:ID>
  <cbc:IssueDate>{issued:%Y-%m-%d}</cbc:IssueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Bench Supplier GmbH</cbc:Name></cac:PartyName>
    <cac:PartyTaxScheme><cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Bench Buyer AG</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Benchmark item</cbc:Name></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>
""".encode("utf-8")


# Valid corpus invoices and where their invoice number (BT-1) is: the element's path from the root, with namespaces.
CORPUS_INVOICES = {
    "ubl": ("invoices/ubl_en16931_example1_eur.xml", "cbc:ID", "cbc"),
    "cii": ("invoices/cii_xrechnung_01.21a.xml", "rsm:ExchangedDocument/ram:ID", "ram"),
}
NAMESPACES = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


def corpus_dir():
    default = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
    return pathlib.Path(os.environ.get("BENCH_CORPUS_DIR", default))


class CorpusInvoice:
    """A valid corpus invoice whose invoice number can be replaced. The number is replaced as text, so that every
    other byte stays as the rule sets found it valid; the element that carries it must occur exactly once in that
    form, and a probe replacement must land on the element at its path (not, say, on a line's or a tax scheme's
    ID), or seeding fails."""

    def __init__(self, syntax):
        name, path, prefix = CORPUS_INVOICES[syntax]
        file = corpus_dir() / name
        if not file.is_file():
            sys.exit(f"seed_maildir: {file} is missing; set BENCH_CORPUS_DIR to the shared corpus folder")
        self.data = file.read_bytes()
        self.path = path
        element = ET.fromstring(self.data).find(path, NAMESPACES)
        if element is None or not (element.text or "").strip():
            sys.exit(f"seed_maildir: {file} has no invoice number at {path}")
        self.number = element.text
        self.element = f"<{prefix}:ID>{self.number}</{prefix}:ID>".encode("utf-8")
        self.prefix = prefix
        found = self.data.count(self.element)
        if found != 1:
            sys.exit(f"seed_maildir: {file}: {self.element.decode()} occurs {found} times, expected once")
        probe = "PROBE-4711"
        if ET.fromstring(self.with_number(probe)).find(path, NAMESPACES).text != probe:
            sys.exit(f"seed_maildir: {file}: replacing {self.element.decode()} does not change {path}")

    def with_number(self, number):
        return self.data.replace(self.element, f"<{self.prefix}:ID>{number}</{self.prefix}:ID>".encode("utf-8"), 1)


def attachment_part(boundary, content_type, filename, data):
    return ["", f"--{boundary}", f'Content-Type: {content_type}; name="{filename}"',
            "Content-Transfer-Encoding: base64", f'Content-Disposition: attachment; filename="{filename}"',
            ""] + wrap_base64(data)


def message(rng, number, kind, sent, invoice=None):
    boundary = f"=_bench_{number:06d}_{rng.getrandbits(32):08x}"
    head = [
        "Return-Path: <supplier@bench.example>",
        "From: Bench Supplier <supplier@bench.example>",
        "To: Invoices <invoices@buyer.example>",
        f"Subject: Benchmark message {number} ({kind})",
        f"Date: {sent:%a, %d %b %Y %H:%M:%S +0000}",
        f"Message-ID: <bench-{number:06d}@bench.example>",
        "MIME-Version: 1.0",
    ]
    body = text_lines(rng, rng.randint(12, 40))
    if kind in ("text", "small"):
        lines = head + ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit", ""] + body
    elif kind == "einvoice":
        lines = head + [f'Content-Type: multipart/mixed; boundary="{boundary}"', "",
                        "This is a multipart message in MIME format.", "",
                        f"--{boundary}", "Content-Type: text/plain; charset=UTF-8",
                        "Content-Transfer-Encoding: 8bit", ""] + body
        lines += attachment_part(boundary, "application/xml", f"invoice-{number:06d}.xml", invoice)
        lines += ["", f"--{boundary}--"]
    else:
        lines = head + [f'Content-Type: multipart/mixed; boundary="{boundary}"', "",
                        "This is a multipart message in MIME format.", "",
                        f"--{boundary}", "Content-Type: text/plain; charset=UTF-8",
                        "Content-Transfer-Encoding: 8bit", ""] + body
        lines += attachment_part(boundary, "application/pdf", f"invoice-{number:06d}.pdf", pdf_like(rng, number))
        if kind == "pdf+ubl":
            lines += attachment_part(boundary, "application/xml", f"invoice-{number:06d}.xml",
                                     ubl_invoice(number, sent))
        lines += ["", f"--{boundary}--"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_big(maildir, rng, megabytes):
    """One message with a large base64 attachment and a small invoice after it, written in slices so that the
    generator needs little memory."""
    head = ("Return-Path: <supplier@bench.example>\nFrom: Bench Supplier <supplier@bench.example>\n"
            "To: Invoices <invoices@buyer.example>\nSubject: Benchmark message with a large attachment\n"
            "Date: Mon, 06 Jan 2025 08:00:00 +0000\nMessage-ID: <bench-big@bench.example>\nMIME-Version: 1.0\n"
            'Content-Type: multipart/mixed; boundary="=_bench_big"\n\n--=_bench_big\n'
            "Content-Type: text/plain; charset=UTF-8\n\nThe archive of the year is attached.\n\n--=_bench_big\n"
            'Content-Type: application/octet-stream; name="archive.bin"\nContent-Transfer-Encoding: base64\n'
            'Content-Disposition: attachment; filename="archive.bin"\n\n').encode("ascii")
    temp = os.path.join(maildir, "tmp", "big")
    slice_bytes = 57 * 1024 * 16  # whole 76-character base64 lines per slice
    remaining = megabytes * 1024 * 1024
    with open(temp, "wb") as out:
        out.write(head)
        while remaining > 0:
            chunk = rng.randbytes(min(slice_bytes, remaining))
            remaining -= len(chunk)
            out.write(("\n".join(wrap_base64(chunk)) + "\n").encode("ascii"))
        invoice = CorpusInvoice("ubl")
        out.write(("\n".join(attachment_part("=_bench_big", "application/xml", "invoice.xml",
                                             invoice.with_number(f"{invoice.number}-BIG"))) + "\n").encode("ascii"))
        out.write(b"\n--=_bench_big--\n")
    size = os.path.getsize(temp)
    os.rename(temp, os.path.join(maildir, "cur", f"1736150401.M000001P1.bench,S={size}:2,S"))
    return size


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[3] not in ("mixed", "small", "einvoice", "big"):
        sys.exit(__doc__)
    maildir, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) == 5 else 4711)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    if mode == "big":
        if count != 1:
            sys.exit("big: COUNT must be 1")
        print(f"1 {write_big(maildir, rng, int(os.environ.get('BENCH_BIG_MB', '200')))}")
        return
    start = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)
    total = 0
    invoices = {syntax: CorpusInvoice(syntax) for syntax in CORPUS_INVOICES} if mode == "einvoice" else {}
    for number in range(1, count + 1):
        invoice = None
        if mode == "small":
            kind = "small"
        elif mode == "einvoice":
            kind = "einvoice"
            template = invoices["ubl" if number % 2 else "cii"]
            # Distinct numbers, so that no invoice is a duplicate of another for the job's duplicate check.
            invoice = template.with_number(f"{template.number}-{number:06d}")
        else:
            roll = rng.random()
            kind = "text" if roll < 0.6 else "pdf" if roll < 0.9 else "pdf+ubl"
        data = message(rng, number, kind, start + timedelta(minutes=number), invoice)
        # Maildir names sort in delivery order, so Dovecot numbers the messages 1..N as seeded.
        name = f"{1736150400 + number}.M{number:06d}P1.bench,S={len(data)}:2,S"
        with open(os.path.join(maildir, "cur", name), "wb") as out:
            out.write(data)
        total += len(data)
    print(f"{count} {total}")


if __name__ == "__main__":
    main()
