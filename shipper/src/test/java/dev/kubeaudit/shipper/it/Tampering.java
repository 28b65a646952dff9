package dev.kubeaudit.shipper.it;

import java.io.IOException;

/** One kind of change to an archive: applies it to the context's copy and says what verifying it must find. */
interface Tampering {

    /** Applies the change (its choices from the context's random source); the findings it must give. */
    Expected apply(TamperContext c) throws IOException;

    String name();
}
