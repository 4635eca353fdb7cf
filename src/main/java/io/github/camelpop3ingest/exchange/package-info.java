/**
 * The contract between the steps of the data path: the exchange's headers and properties ({@code IngestExchange}),
 * the message key, and the commit point where a poll forces its writes before it confirms its messages. Every other
 * package may import it; it imports no other package of the project.
 */
package io.github.camelpop3ingest.exchange;
