package dev.quiz.vm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * qemu's monitor protocol over its unix socket: one JSON object per line. Events are handed to a
 * listener as they come; commands are sent one at a time, each waiting for its answer.
 */
final class Qmp implements AutoCloseable {
    private static final Pattern EVENT = Pattern.compile("\"event\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern ERROR = Pattern.compile("\"desc\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final SocketChannel channel;
    private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(4);

    private Qmp(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects, takes qemu's greeting and enters command mode; {@code events} gets each event's name. */
    static Qmp connect(Path socket, Consumer<String> events) throws IOException, InterruptedException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        Qmp qmp = new Qmp(channel);
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8));
        if (in.readLine() == null) {
            channel.close();
            throw new IOException("qemu closed its monitor before greeting");
        }
        Thread reader = new Thread(() -> qmp.read(in, events), "quiz-qmp");
        reader.setDaemon(true);
        reader.start();
        qmp.command("{\"execute\": \"qmp_capabilities\"}", Duration.ofSeconds(10));
        return qmp;
    }

    private void read(BufferedReader in, Consumer<String> events) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher event = EVENT.matcher(line);
                if (event.find()) {
                    events.accept(event.group(1));
                } else if (line.contains("\"return\"") || line.contains("\"error\"")) {
                    answers.offer(line);
                }
            }
        } catch (IOException e) {
            // qemu has gone
        }
    }

    /** Sends a command and waits for its answer; an error answer or no answer in time is an IOException. */
    String command(String json, Duration limit) throws IOException, InterruptedException {
        answers.clear();
        channel.write(ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8)));
        String answer = answers.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (answer == null) {
            throw new IOException("qemu did not answer in " + limit.toSeconds() + "s");
        }
        if (answer.contains("\"error\"")) {
            Matcher desc = ERROR.matcher(answer);
            throw new IOException(desc.find() ? desc.group(1) : answer);
        }
        return answer;
    }

    /** A JSON string: the text quoted, with what JSON needs escaped. */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
