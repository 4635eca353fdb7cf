package io.github.camelpop3ingest.mime;

/** A check fed with a part's decoded bytes as they stream past; it reports what it finds to the part's problems. */
interface BodyCheck {

    void update(byte[] b, int off, int len);

    /** Called once after the last byte. */
    void finish();
}
