package dev.kubeaudit.search.output;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Standard output as a stream that fails: a {@link PrintStream} swallows a write error (a pipe whose
 * reader exited), so each write here asks it afterwards and throws {@link ClosedOutput}, and a
 * search whose output nobody reads stops instead of scanning on. Writes come in buffers (the
 * writer above buffers), so the flush that asking implies is one per buffer. Not thread-safe.
 */
public final class PipeOutput extends FilterOutputStream {
    private final PrintStream stream;

    public PipeOutput(PrintStream stream) {
        super(stream);
        this.stream = stream;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        stream.write(b, off, len);
        check();
    }

    @Override
    public void write(int b) throws IOException {
        stream.write(b);
        check();
    }

    @Override
    public void flush() throws IOException {
        check();
    }

    private void check() throws ClosedOutput {
        if (stream.checkError()) {
            throw new ClosedOutput();
        }
    }
}
