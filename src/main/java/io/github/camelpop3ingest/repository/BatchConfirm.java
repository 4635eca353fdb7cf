package io.github.camelpop3ingest.repository;

import java.util.Collection;

/** A repository that confirms many keys with one durable write instead of one per key. */
public interface BatchConfirm {

    /** Same as confirming each key on its own: when this returns, every key is confirmed durably. */
    void confirmAll(Collection<String> keys);
}
