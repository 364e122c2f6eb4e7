package dev.quiz.build;

import dev.quiz.exec.ChildProcess;
import dev.quiz.store.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Source tarballs unpacked into the store. */
final class Tarballs {
    private Tarballs() {
    }

    /**
     * Unpacks {@code tarball} into {@code partial}, which is emptied first, so what an unpack cut
     * short left is never taken for a whole tree: the caller moves it into place once it is whole.
     * Files belong to the user who unpacks, whoever owned them in the tarball.
     */
    static void unpack(Path tarball, Path partial, BuildListener listener, String... tarOptions)
            throws BuildException, IOException, InterruptedException {
        FileTrees.delete(partial);
        Files.createDirectories(partial);
        listener.progress("unpacking " + tarball.getFileName());
        List<String> command = new ArrayList<>(List.of("tar", "-xf", tarball.toString(), "--no-same-owner",
                "-C", partial.toString()));
        command.addAll(List.of(tarOptions));
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        if (ChildProcess.run(ChildProcess.Spec.of(command), out::add) != 0) {
            throw new BuildException("cannot unpack " + tarball + ": " + String.join(" ", out));
        }
    }
}
