/**
 * Crash-safe writes of files and folders; at the bottom of the dependency graph, it imports no other package of the
 * project.
 */
package io.github.camelpop3ingest.durable;
