package io.github.camelpop3ingest.archive;

import io.github.camelpop3ingest.invoice.Envelope;

/** The envelope of a message in the archive, and the failure that makes it poison (null when it is none). */
record ArchivedEnvelope(Envelope envelope, PoisonMessageException poison) {
}
