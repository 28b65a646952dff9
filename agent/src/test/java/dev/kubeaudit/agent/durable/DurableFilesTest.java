package dev.kubeaudit.agent.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;
    Path target;
    final List<String> tempModes = new ArrayList<>();

    @BeforeEach
    void posixOnly() {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX file modes");
        target = dir.resolve("state");
    }

    @Test
    void replaceLeavesExactlyTheNewContentWithMode0600WhateverTheOldFileWas() throws IOException {
        Files.writeString(target, "an older and much longer content\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-rw-"));
        DurableFiles.replace(target, bytes("new\n"));
        assertThat(target).hasContent("new");
        assertThat(Files.readAllBytes(target)).isEqualTo(bytes("new\n"));
        assertThat(mode(target)).isEqualTo("rw-------");
        assertThat(names()).containsExactly("state");
    }

    @Test
    void createNewOfBytesWritesThemPrivatelyAndNeverReplacesAFile() throws IOException {
        DurableFiles.createNew(target, "first\n".getBytes(StandardCharsets.UTF_8));
        assertThat(target).hasContent("first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThatThrownBy(() -> DurableFiles.createNew(target, "second\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Rename of").hasCauseInstanceOf(FileAlreadyExistsException.class);
        assertThat(target).hasContent("first");
        assertThat(DurableFiles.tempFor(target)).doesNotExist();
    }

    @Test
    void theTempIsAFreshPrivateFileEvenWhenAStaleWorldReadableOneIsInItsPlace() throws IOException {
        Path stale = DurableFiles.tempFor(target);
        Files.writeString(stale, "stale bytes from a crash, longer than the new content");
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rw-rw-rw-"));
        List<String> seen = new ArrayList<>();
        DurableFiles.replace(target, bytes("new\n"), temp -> seen.add(mode(temp) + " " + Files.readString(temp)));
        assertThat(seen).containsExactly("rw------- new\n");
        assertThat(names()).containsExactly("state");
    }

    @Test
    void theTempIsPrivateFromItsCreationAndAWriteThatFailsLeavesNothingBehind() throws IOException {
        Path unreadable = Files.createDirectory(dir.resolve("a-directory"));
        assertThatThrownBy(() -> DurableFiles.createNew(target, temp -> {
            tempModes.add(mode(DurableFiles.tempFor(target)) + " " + temp.size());
            temp.write(ByteBuffer.wrap(Files.readAllBytes(unreadable)));   // reading a directory fails
            return true;
        }, DurableFiles.BeforeRename.NOTHING)).isInstanceOf(IOException.class);
        assertThat(tempModes).containsExactly("rw------- 0");
        assertThat(names()).containsExactly("a-directory");
    }

    @Test
    void anAbandonedFileLeavesNoTempAndNoTarget() throws IOException {
        boolean created = DurableFiles.createNew(target, temp -> {
            temp.write(ByteBuffer.wrap(bytes("half")));
            return false;
        }, DurableFiles.BeforeRename.NOTHING);
        assertThat(created).isFalse();
        assertThat(names()).isEmpty();
    }

    @Test
    void aFailedRenameLeavesTheOldTargetIntactAndRemovesTheTemp() throws IOException {
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "kept");
        assertThatThrownBy(() -> DurableFiles.replace(target, bytes("new\n")))
                .hasMessage("Rename of " + DurableFiles.tempFor(target) + " to " + target + " failed")
                .hasCauseInstanceOf(FileSystemException.class);
        assertThat(target.resolve("inside")).hasContent("kept");
        assertThat(names()).containsExactly("state");
    }

    @Test
    void aStepBeforeTheRenameThatFailsKeepsTheOldTargetAndPassesItsExceptionThrough() throws IOException {
        Files.writeString(target, "old\n");
        IOException refusal = new IOException("copy does not match its checksum");
        assertThatThrownBy(() -> DurableFiles.replace(target, bytes("new\n"), temp -> {
            throw refusal;
        })).isSameAs(refusal);
        assertThat(target).hasContent("old");
        assertThat(names()).containsExactly("state");
    }

    @Test
    void createNewWritesAPrivateFileAndNeverReplacesAnExistingOne() throws IOException {
        assertThat(DurableFiles.createNew(target, temp -> {
            temp.write(ByteBuffer.wrap(bytes("first\n")));
            return true;
        }, DurableFiles.BeforeRename.NOTHING)).isTrue();
        assertThat(target).hasContent("first");
        assertThat(mode(target)).isEqualTo("rw-------");

        assertThatThrownBy(() -> DurableFiles.createNew(target, temp -> {
            temp.write(ByteBuffer.wrap(bytes("second\n")));
            return true;
        }, DurableFiles.BeforeRename.NOTHING))
                .hasMessage("Rename of " + DurableFiles.tempFor(target) + " to " + target + " failed")
                .hasCauseInstanceOf(FileAlreadyExistsException.class);
        assertThat(target).hasContent("first");
        assertThat(names()).containsExactly("state");
    }

    @Test
    void aWriteIntoAMissingDirectoryNamesTheTempAndTheStep() {
        Path missing = dir.resolve("missing/state");
        assertThatThrownBy(() -> DurableFiles.replace(missing, bytes("x\n")))
                .hasMessage("Creation of temp file " + DurableFiles.tempFor(missing) + " failed")
                .hasCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aTempNameTakenByADirectoryFailsNamingItAndLeavesTheTargetAsItWas() throws IOException {
        Files.writeString(target, "old\n");
        Path blocker = Files.createDirectory(DurableFiles.tempFor(target));
        Files.writeString(blocker.resolve("in-the-way"), "");
        assertThatThrownBy(() -> DurableFiles.replace(target, bytes("new\n")))
                .hasMessage("Deletion of temp file " + blocker + " failed")
                .hasCauseInstanceOf(DirectoryNotEmptyException.class);
        assertThat(target).hasContent("old");
    }

    @Test
    void forcingAMissingDirectoryFailsWithItsPath() {
        Path missing = dir.resolve("gone");
        assertThatThrownBy(() -> DurableFiles.forceDirectory(missing))
                .hasMessage("fsync of directory " + missing + " failed")
                .hasCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void forcingAFileThatCannotBeForcedNamesItAndTheCall() throws IOException {
        Path file = Files.writeString(dir.resolve("log"), "x\n");
        FileChannel closed = FileChannel.open(file, StandardOpenOption.WRITE);
        closed.close();
        assertThatThrownBy(() -> DurableFiles.force(closed, file)).hasMessage("fsync of " + file + " failed");
        assertThatThrownBy(() -> DurableFiles.forceContent(closed, file)).hasMessage("fdatasync of " + file + " failed");
    }

    @Test
    void privateDirectoriesAreCreated0700AndExistingOnesLeftAsTheyAre() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        DurableFiles.createPrivateDirectories(dir.resolve("a/b"));
        DurableFiles.createPrivateDirectories(dir.resolve("a/b"));
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(dir)).isEqualTo("rwxr-x---");
    }

    @Test
    void aFileWhereADirectoryShouldBeIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("a"), "");
        assertThatThrownBy(() -> DurableFiles.createDirectories(file.resolve("b")))
                .hasMessage("Creation of directory " + file + " failed: a file is in the way");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
