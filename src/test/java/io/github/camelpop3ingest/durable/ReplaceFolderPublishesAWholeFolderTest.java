package io.github.camelpop3ingest.durable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A folder is built under a temporary name and published whole: an earlier folder of that name is replaced, a failed
 * build leaves the earlier folder and no temporary folder, and a tree is deleted with everything in it.
 */
class ReplaceFolderPublishesAWholeFolderTest {

    @TempDir
    Path root;

    @Test
    void replacesAnExistingFolderWithTheNewContentOnly() throws IOException {
        Path target = root.resolve("account").resolve("message");
        Files.createDirectories(target.resolve("parts"));
        Files.writeString(target.resolve("old.txt"), "old");
        Files.writeString(target.resolve("parts").resolve("1.bin"), "old part");

        DurableFiles.replaceFolder(target, folder -> Files.writeString(folder.resolve("new.txt"), "new"));

        assertThat(names(target)).containsExactly("new.txt");
        assertThat(Files.readString(target.resolve("new.txt"))).isEqualTo("new");
        assertThat(names(target.getParent())).containsExactly("message");
    }

    @Test
    void createsTheFolderAndItsParentsWhenMissing() throws IOException {
        Path target = root.resolve("a").resolve("b");

        DurableFiles.replaceFolder(target, folder -> Files.writeString(folder.resolve("f"), "x"));

        assertThat(names(target)).containsExactly("f");
    }

    @Test
    void aFailedBuildLeavesTheEarlierFolderAndNoTemporaryOne() throws IOException {
        Path target = root.resolve("message");
        Files.createDirectories(target);
        Files.writeString(target.resolve("old.txt"), "old");

        assertThatThrownBy(() -> DurableFiles.replaceFolder(target, folder -> {
            Files.writeString(folder.resolve("new.txt"), "new");
            throw new IOException("source vanished");
        })).hasMessage("source vanished");

        assertThat(names(target)).containsExactly("old.txt");
        assertThat(names(root)).containsExactly("message");
    }

    @Test
    void publishMovesAForcedFolderIntoPlace() throws IOException {
        Path temp = root.resolve(".tmp-message");
        Files.createDirectories(temp.resolve("parts"));
        Files.writeString(temp.resolve("parts").resolve("1.bin"), "part");

        DurableFiles.publishFolder(temp, root.resolve("message"));

        assertThat(names(root)).containsExactly("message");
        assertThat(Files.readString(root.resolve("message").resolve("parts").resolve("1.bin"))).isEqualTo("part");
    }

    @Test
    void deleteTreeRemovesEverythingAndIgnoresAMissingFolder() throws IOException {
        Path tree = root.resolve("tree");
        Files.createDirectories(tree.resolve("x").resolve("y"));
        Files.writeString(tree.resolve("x").resolve("y").resolve("f"), "f");
        Files.writeString(tree.resolve("g"), "g");

        DurableFiles.deleteTree(tree);
        DurableFiles.deleteTree(tree);

        assertThat(tree).doesNotExist();
    }

    @Test
    void forcingAFolderThatCannotBeOpenedIsTolerated() {
        DurableFiles.forceDirectory(root.resolve("missing"));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
