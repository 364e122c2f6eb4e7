package dev.quiz.build;

import dev.quiz.store.Hashing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Downloads a kernel release tarball from kernel.org and checks it against the published sha256sums.asc. */
final class KernelOrgDownload {
    private static final String BASE = "https://cdn.kernel.org/pub/linux/kernel/";

    private final Path downloads;
    private final BuildListener listener;

    KernelOrgDownload(Path downloads, BuildListener listener) {
        this.downloads = downloads;
        this.listener = listener;
    }

    Path fetch(String version) throws BuildException, IOException, InterruptedException {
        String name = "linux-" + version + ".tar.xz";
        Path target = downloads.resolve(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(downloads);
        String dir = BASE + "v" + version.substring(0, version.indexOf('.')) + ".x/";
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        String sums;
        try {
            listener.progress("fetching " + dir + "sha256sums.asc");
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(dir + "sha256sums.asc")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new BuildException("kernel.org answered " + response.statusCode() + " for the checksums of "
                        + version + "; check the version, or use --source debian or a local tarball");
            }
            sums = response.body();
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new BuildException("cannot reach kernel.org (" + why + "); without the internet use --source debian (apt-get install linux-source-6.1) or a local tarball");
        }
        String expected = checksumFor(sums, name).orElseThrow(() -> new BuildException(
                "kernel.org publishes no checksum for " + name + "; is " + version + " a released version?"));
        Path partial = downloads.resolve(name + ".part");
        listener.progress("downloading " + dir + name);
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(dir + name)).build(),
                HttpResponse.BodyHandlers.ofFile(partial));
        if (response.statusCode() != 200) {
            Files.deleteIfExists(partial);
            throw new BuildException("kernel.org answered " + response.statusCode() + " for " + name);
        }
        String actual = Hashing.sha256(partial);
        if (!actual.equals(expected)) {
            Files.deleteIfExists(partial);
            throw new BuildException(name + " does not match kernel.org's published SHA-256 (" + actual + " != "
                    + expected + "); download discarded");
        }
        Files.move(partial, target);
        return target;
    }

    /** The SHA-256 that sha256sums.asc gives for a file name. */
    static Optional<String> checksumFor(String sums, String fileName) {
        Matcher m = Pattern.compile("^([0-9a-f]{64})\\s+" + Pattern.quote(fileName) + "\\s*$", Pattern.MULTILINE)
                .matcher(sums);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
