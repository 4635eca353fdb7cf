/** Durable, crash-safe idempotent repositories that remember which POP3 messages (account + UIDL) were processed. */
package io.github.camelpop3ingest.repository;
