package dev.kubeaudit.agent.logfile;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests on one log directory: a fresh {@link LogFixture} per test, closed after it. */
abstract class LogDirectoryTest {
    @TempDir
    Path dir;
    LogFixture fx;

    @BeforeEach
    void openFixture() {
        fx = new LogFixture(dir);
    }

    @AfterEach
    void closeFixture() throws IOException {
        fx.close();
    }
}
