package io.github.camelpop3ingest.main; public class IngestMain { public static void main(String[] a){} }
