package dev.quiz.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets git hooks ask a running watcher for a cycle instead of starting a second VM beside it: a
 * Unix socket in a directory only the user can reach. A client sends "cycle" (answered at once)
 * or "cycle-wait" (answered with "verdict EXIT LINE" when that cycle ends).
 */
public final class TriggerServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path socket;
    private final ChangeCollector collector;
    private final List<SocketChannel> waiting = new ArrayList<>();

    private TriggerServer(ServerSocketChannel server, Path socket, ChangeCollector collector) {
        this.server = server;
        this.socket = socket;
        this.collector = collector;
    }

    public static TriggerServer start(Path socket, ChangeCollector collector) throws IOException {
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        TriggerServer t = new TriggerServer(server, socket, collector);
        Thread accept = new Thread(t::acceptLoop, "quiz-watch-trigger");
        accept.setDaemon(true);
        accept.start();
        return t;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                        StandardCharsets.UTF_8));
                String request = in.readLine();
                if ("cycle-wait".equals(request)) {
                    synchronized (waiting) {
                        waiting.add(client);
                    }
                    collector.rescan();
                } else if ("cycle".equals(request)) {
                    collector.rescan();
                    reply(client, "ok");
                    client.close();
                } else {
                    reply(client, "error unknown request");
                    client.close();
                }
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    /** A cycle ended: answer every hook that waits for one. */
    public void cycleEnded(int exitCode, String line) {
        List<SocketChannel> clients;
        synchronized (waiting) {
            clients = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (SocketChannel c : clients) {
            try {
                reply(c, "verdict " + exitCode + " " + line.replace('\n', ' '));
                c.close();
            } catch (IOException e) {
                // the hook went away
            }
        }
    }

    private static void reply(SocketChannel client, String text) throws IOException {
        client.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        cycleEnded(250, "quiz watch stopped before the cycle ended");
    }
}
