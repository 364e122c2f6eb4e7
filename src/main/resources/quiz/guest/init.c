/*
 * quiz guest init, stage 1: PID 1 of every quiz VM, compiled by quiz for the guest's
 * architecture (gcc -static) and put in the initramfs as /init.
 *
 * Once the kernel has booted it says "booted" on the status port and takes the run's files from
 * the host (below), which may have saved the VM at that point to resume it for later runs. It then
 * mounts the read-only root image under a tmpfs overlay with the shares layered over it, makes
 * that overlay the root, and runs stage 2 (/run/quiz/run, a shell script) as its child, reaping
 * orphans as PID 1 must, and powering off should stage 2 end without doing so. Every step is a
 * system call made here: under TCG each program a shell would start for it costs tens of
 * milliseconds.
 *
 * The host sends, each on its own line, then "end":
 *   file NAME SIZE     followed by SIZE bytes: /quiz/NAME (mounts, config, setup, command)
 *   time SEC NSEC      the host's clock, which the guest's is set to
 *   seed HEX           random bytes, mixed into the kernel's pool, which is then reseeded
 * A resumed VM would otherwise run on the clock and random state it was saved with.
 *
 * /quiz/mounts tells it what to mount, one item per line:
 *   share TAG 9p|virtiofs             a share, layered over the root; listed top layer first
 *   dir TAG 9p|virtiofs PATH ro|rw    a host directory at PATH in the guest
 *   output TAG                        the writable 9p share that becomes /run/quiz/out
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/random.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROOT "/mnt/root"
#define MAX_SHARES 16
#define MAX_DIRS 32
#define NINE_P_OPTIONS "trans=virtio,version=9p2000.L,msize=512000"

struct share {
    char tag[32];
    char type[16];
};

struct dir {
    char tag[32];
    char type[16];
    char path[256];
    int writable;
};

static int port_fd = -1;
static int uptime_fd = -1;
static char port_path[128];

static void say(const char *fmt, ...) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if (n > (int) sizeof line - 2) {
        n = sizeof line - 2;
    }
    line[n++] = '\n';
    if (port_fd >= 0 && write(port_fd, line, n) < 0) {
        /* the host has gone: nothing to tell */
    }
}

static void power_off(void) {
    sync();
    reboot(RB_AUTOBOOT);
    for (;;) {
        pause();
    }
}

static void fail(const char *fmt, ...) {
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    dprintf(2, "quiz-init: %s\n", why);
    say("quiz:boot-failed %s", why);
    power_off();
}

/* The guest's uptime, in seconds as /proc/uptime gives it; empty when it cannot be read. */
static void uptime_now(char *text, size_t size) {
    ssize_t n = uptime_fd >= 0 ? pread(uptime_fd, text, size - 1, 0) : -1;
    text[n > 0 ? n : 0] = 0;
    text[strcspn(text, " \n")] = 0;
}

/* Where the guest's time goes (quiz run --timings): a point's name and the uptime. */
static void mark(const char *name) {
    char text[64];
    uptime_now(text, sizeof text);
    if (text[0] != 0) {
        say("quiz:mark %s %s", name, text);
    }
}

/* A small file's first line, without its newline; empty when it cannot be read. */
static void read_line(const char *path, char *buf, size_t size) {
    buf[0] = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    buf[strcspn(buf, "\n")] = 0;
}

static void write_file(const char *path, const char *text, mode_t mode) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t) strlen(text)) {
        fail("cannot write %s: %s", path, strerror(errno));
    }
    close(fd);
}

static void copy_file(const char *from, const char *to, mode_t mode) {
    char buf[65536];
    int in = open(from, O_RDONLY | O_CLOEXEC);
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (in < 0 || out < 0) {
        fail("cannot copy %s to %s: %s", from, to, strerror(errno));
    }
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (write(out, buf, n) != n) {
            fail("cannot write %s: %s", to, strerror(errno));
        }
    }
    close(in);
    close(out);
}

static void make_dirs(const char *path) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            mkdir(buf, 0755);
            *p = '/';
        }
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
        fail("cannot make %s: %s", path, strerror(errno));
    }
}

static void must_mount(const char *source, const char *target, const char *type, unsigned long flags,
        const char *data, const char *what) {
    if (mount(source, target, type, flags, data) != 0) {
        fail("cannot mount %s: %s", what, strerror(errno));
    }
}

static void move_to(const char *from, const char *to) {
    if (mount(from, to, NULL, MS_MOVE, NULL) != 0) {
        fail("cannot move %s to %s: %s", from, to, strerror(errno));
    }
}

static void symlink_over(const char *target, const char *link) {
    unlink(link);
    if (symlink(target, link) != 0) {
        fail("cannot link %s: %s", link, strerror(errno));
    }
}

/* The /dev name of the virtio disk whose serial is this, in 'name'; empty when there is none. */
static void disk_with_serial(const char *sys_block, const char *serial, char *name, size_t size) {
    name[0] = 0;
    DIR *dir = opendir(sys_block);
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        if (strncmp(e->d_name, "vd", 2) != 0) {
            continue;
        }
        char path[300], found[64];
        snprintf(path, sizeof path, "%s/%s/serial", sys_block, e->d_name);
        read_line(path, found, sizeof found);
        if (strcmp(found, serial) == 0) {
            snprintf(name, size, "%s", e->d_name);
        }
    }
    if (dir) {
        closedir(dir);
    }
}

static void find_status_port(void) {
    DIR *dir = opendir("/sys/class/virtio-ports");
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        char path[300], name[64];
        snprintf(path, sizeof path, "/sys/class/virtio-ports/%s/name", e->d_name);
        read_line(path, name, sizeof name);
        if (strcmp(name, "quiz.status") == 0) {
            snprintf(port_path, sizeof port_path, "/dev/%s", e->d_name);
        }
    }
    if (dir) {
        closedir(dir);
    }
    if (port_path[0] == 0 || (port_fd = open(port_path, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
        fail("no quiz.status virtio port: the kernel needs CONFIG_VIRTIO_CONSOLE");
    }
}

static int read_mounts(struct share *shares, struct dir *dirs, int *dir_count, char *output, size_t output_size) {
    FILE *f = fopen("/quiz/mounts", "re");
    if (f == NULL) {
        fail("the initramfs has no /quiz/mounts");
    }
    int count = 0;
    char line[512], word[16], tag[32], type[16], path[256], mode[4];
    output[0] = 0;
    *dir_count = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        int n = sscanf(line, "%15s %31s %15s %255s %3s", word, tag, type, path, mode);
        if (n >= 3 && strcmp(word, "share") == 0 && count < MAX_SHARES) {
            snprintf(shares[count].tag, sizeof shares[count].tag, "%s", tag);
            snprintf(shares[count].type, sizeof shares[count].type, "%s", type);
            count++;
        } else if (n == 5 && strcmp(word, "dir") == 0 && *dir_count < MAX_DIRS) {
            struct dir *d = &dirs[(*dir_count)++];
            snprintf(d->tag, sizeof d->tag, "%s", tag);
            snprintf(d->type, sizeof d->type, "%s", type);
            snprintf(d->path, sizeof d->path, "%s", path);
            d->writable = strcmp(mode, "rw") == 0;
        } else if (n >= 2 && strcmp(word, "output") == 0) {
            snprintf(output, output_size, "%s", tag);
        }
    }
    fclose(f);
    return count;
}

/* The host directories, at their paths in the new root: read-only unless asked otherwise. */
static void mount_dirs(const struct dir *dirs, int count) {
    for (int i = 0; i < count; i++) {
        char target[300], what[300];
        snprintf(target, sizeof target, ROOT "%s", dirs[i].path);
        snprintf(what, sizeof what, "the host dir for %s (%s)", dirs[i].path, dirs[i].type);
        make_dirs(target);
        unsigned long flags = dirs[i].writable ? 0 : MS_RDONLY;
        if (strcmp(dirs[i].type, "virtiofs") == 0) {
            must_mount(dirs[i].tag, target, "virtiofs", flags, NULL, what);
        } else {
            must_mount(dirs[i].tag, target, "9p", flags, NINE_P_OPTIONS, what);
        }
    }
}

static int has_overlayfs(void) {
    char text[4096];
    int fd = open("/proc/filesystems", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0) {
        close(fd);
    }
    text[n > 0 ? n : 0] = 0;
    return strstr(text, "\toverlay\n") != NULL;
}

static void loopback_up(void) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (s >= 0 && ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        ioctl(s, SIOCSIFFLAGS, &ifr);
    }
    if (s >= 0) {
        close(s);
    }
}

/* Scratch disks appear as /dev/quizb0, /dev/quizb1, ... in the order quiz gave them. */
static void link_scratch_disks(void) {
    DIR *dir = opendir(ROOT "/sys/block");
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        char path[300], serial[64], link[300];
        snprintf(path, sizeof path, ROOT "/sys/block/%s/serial", e->d_name);
        read_line(path, serial, sizeof serial);
        if (strncmp(serial, "quizb", 5) == 0 && strchr(serial, '/') == NULL) {
            snprintf(link, sizeof link, ROOT "/dev/%s", serial);
            symlink_over(e->d_name, link);
        }
    }
    if (dir) {
        closedir(dir);
    }
}

/* Reads from the status port until a newline, which is dropped; fails when the host is gone. */
static void port_line(char *line, size_t size) {
    size_t n = 0;
    for (;;) {
        char c;
        ssize_t got = read(port_fd, &c, 1);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            fail("the host closed the status port before sending the run");
        }
        if (c == '\n') {
            break;
        }
        if (n < size - 1) {
            line[n++] = c;
        }
    }
    line[n] = 0;
}

static void port_bytes(char *buf, size_t size) {
    for (size_t done = 0; done < size;) {
        ssize_t got = read(port_fd, buf + done, size - done);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            fail("the host closed the status port in the middle of a file");
        }
        done += got;
    }
}

static int hex_digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Mixes the host's random bytes into the kernel's pool and reseeds its generator from it. */
static void reseed(const char *hex) {
    struct {
        struct rand_pool_info info;
        unsigned char bytes[64];
    } pool;
    size_t n = 0;
    for (; n < sizeof pool.bytes && hex_digit(hex[2 * n]) >= 0 && hex_digit(hex[2 * n + 1]) >= 0; n++) {
        pool.bytes[n] = hex_digit(hex[2 * n]) << 4 | hex_digit(hex[2 * n + 1]);
    }
    pool.info.entropy_count = n * 8;
    pool.info.buf_size = n;
    int fd = open("/dev/urandom", O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ioctl(fd, RNDADDENTROPY, &pool.info) != 0 || ioctl(fd, RNDRESEEDCRNG) != 0) {
        fail("cannot reseed the kernel's random generator: %s", strerror(errno));
    }
    close(fd);
}

/* Takes the run's files, the clock and a seed from the host, as the comment at the top says. */
static void receive_run(void) {
    static const char *names[] = {"mounts", "config", "setup", "command"};
    char line[256], name[32];
    for (;;) {
        port_line(line, sizeof line);
        long long a, b;
        unsigned long size;
        if (strcmp(line, "end") == 0) {
            return;
        } else if (sscanf(line, "file %31s %lu", name, &size) == 2 && size <= (1 << 20)) {
            int known = 0;
            for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
                known |= strcmp(name, names[i]) == 0;
            }
            char *content = malloc(size + 1);
            if (!known || content == NULL) {
                fail("the host sent a file it may not: %s", line);
            }
            port_bytes(content, size);
            char path[64];
            snprintf(path, sizeof path, "/quiz/%s", name);
            content[size] = 0;
            int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd < 0 || write(fd, content, size) != (ssize_t) size) {
                fail("cannot write %s: %s", path, strerror(errno));
            }
            close(fd);
            free(content);
        } else if (sscanf(line, "time %lld %lld", &a, &b) == 2) {
            struct timespec now = {.tv_sec = a, .tv_nsec = b};
            if (clock_settime(CLOCK_REALTIME, &now) != 0) {
                fail("cannot set the clock: %s", strerror(errno));
            }
        } else if (strncmp(line, "seed ", 5) == 0) {
            reseed(line + 5);
        } else {
            fail("the host sent what the init does not know: %s", line);
        }
    }
}

/* Runs stage 2 and reaps every process that ends, as PID 1; powers off when stage 2 ends. */
static void run_stage2(void) {
    close(port_fd);
    port_fd = -1;
    pid_t child = fork();
    if (child < 0) {
        fail("cannot fork stage 2: %s", strerror(errno));
    }
    if (child == 0) {
        execl("/bin/sh", "sh", "/run/quiz/run", (char *) NULL);
        dprintf(2, "quiz-init: cannot run /bin/sh: %s\n", strerror(errno));
        _exit(127);
    }
    for (;;) {
        int status;
        pid_t ended = wait(&status);
        if (ended == child || (ended < 0 && errno == ECHILD)) {
            /* Stage 2 powers off itself; it ended without doing so. */
            power_off();
        }
    }
}

/*
 * quiz boots the kernel with loglevel=6, which keeps its boot chatter (a hundred and more info
 * lines, each byte a trip through the emulated UART) off the console. From here on the console
 * shows what the kernel's default shows, info messages included, a module's own among them,
 * unless the command line asks for a loglevel of its own after quiz's.
 */
static void console_loglevel_default(void) {
    char cmdline[4096];
    read_line("/proc/cmdline", cmdline, sizeof cmdline);
    int asked = 0;
    for (const char *p = cmdline; (p = strstr(p, "loglevel=")) != NULL; p++) {
        if (p == cmdline || p[-1] == ' ') {
            asked++;
        }
    }
    int fd = asked <= 1 ? open("/proc/sys/kernel/printk", O_WRONLY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        if (write(fd, "7\n", 2) != 2) {
            /* the boot's level stays: only chatter is lost */
        }
        close(fd);
    }
}

int main(void) {
    mount("proc", "/proc", "proc", 0, NULL);
    uptime_fd = open("/proc/uptime", O_RDONLY | O_CLOEXEC);
    char started[64];
    uptime_now(started, sizeof started);
    console_loglevel_default();
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    find_status_port();
    if (started[0] != 0) {
        say("quiz:mark start %s", started);
    }
    mark("init");
    say("quiz:booted");
    receive_run();
    mark("run");

    struct share shares[MAX_SHARES];
    static struct dir dirs[MAX_DIRS];
    int dir_count;
    char output[32];
    int count = read_mounts(shares, dirs, &dir_count, output, sizeof output);
    if (!has_overlayfs()) {
        fail("the kernel has no overlayfs (CONFIG_OVERLAY_FS)");
    }
    char disk[64], path[512], layers[1024] = "";
    disk_with_serial("/sys/block", "quizroot", disk, sizeof disk);
    if (disk[0] == 0) {
        fail("no root disk: the kernel needs CONFIG_VIRTIO_BLK and virtio-mmio");
    }
    make_dirs("/mnt/lower");
    make_dirs("/mnt/rw");
    make_dirs(ROOT);
    snprintf(path, sizeof path, "/dev/%s", disk);
    must_mount(path, "/mnt/lower", "ext4", MS_RDONLY, "noload", "the root image");
    must_mount("tmpfs", "/mnt/rw", "tmpfs", 0, "mode=0755", "the tmpfs for the root's writes");
    make_dirs("/mnt/rw/upper");
    make_dirs("/mnt/rw/work");
    for (int i = 0; i < count; i++) {
        char what[64];
        snprintf(path, sizeof path, "/mnt/%s", shares[i].tag);
        snprintf(what, sizeof what, "the %s share (%s)", shares[i].tag, shares[i].type);
        make_dirs(path);
        if (strcmp(shares[i].type, "virtiofs") == 0) {
            must_mount(shares[i].tag, path, "virtiofs", MS_RDONLY, NULL, what);
        } else {
            must_mount(shares[i].tag, path, "9p", MS_RDONLY, NINE_P_OPTIONS, what);
        }
        strncat(layers, path, sizeof layers - strlen(layers) - 2);
        strcat(layers, ":");
    }
    char options[1200];
    snprintf(options, sizeof options, "lowerdir=%s/mnt/lower,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work", layers);
    must_mount("overlay", ROOT, "overlay", 0, options, "the overlay root");
    mark("root");
    if (access(ROOT "/bin/sh", X_OK) != 0) {
        fail("the root image has no /bin/sh: rebuild it with quiz prepare root");
    }

    /* The shares stay visible, unlayered, under /run/quiz/shares; $QUIZ_OUT is the run's out dir. */
    make_dirs(ROOT "/run/quiz/shares");
    const char *files[] = {"config", "run", "setup", "command"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char from[64], to[128];
        snprintf(from, sizeof from, "/quiz/%s", files[i]);
        snprintf(to, sizeof to, ROOT "/run/quiz/%s", files[i]);
        copy_file(from, to, 0644);
    }
    snprintf(path, sizeof path, "%s\n", port_path);
    write_file(ROOT "/run/quiz/port", path, 0644);
    for (int i = 0; i < count; i++) {
        char from[64], to[128];
        snprintf(from, sizeof from, "/mnt/%s", shares[i].tag);
        snprintf(to, sizeof to, ROOT "/run/quiz/shares/%s", shares[i].tag);
        make_dirs(to);
        move_to(from, to);
    }
    /* The one directory the guest may write to on the host: files kept with the run. */
    if (output[0] != 0) {
        make_dirs(ROOT "/run/quiz/out");
        must_mount(output, ROOT "/run/quiz/out", "9p", 0, NINE_P_OPTIONS, "the output share");
    }
    move_to("/dev", ROOT "/dev");
    move_to("/sys", ROOT "/sys");
    make_dirs(ROOT "/dev/pts");
    make_dirs(ROOT "/dev/shm");
    must_mount("devpts", ROOT "/dev/pts", "devpts", 0, "gid=5,mode=620,ptmxmode=666", "devpts");
    must_mount("tmpfs", ROOT "/dev/shm", "tmpfs", 0, NULL, "/dev/shm");
    mount("debugfs", ROOT "/sys/kernel/debug", "debugfs", 0, NULL);
    symlink_over("/proc/self/fd", ROOT "/dev/fd");
    symlink_over("fd/0", ROOT "/dev/stdin");
    symlink_over("fd/1", ROOT "/dev/stdout");
    symlink_over("fd/2", ROOT "/dev/stderr");
    sethostname("quiz", 4);
    write_file(ROOT "/etc/hostname", "quiz\n", 0644);
    /* Loopback up and the host name resolvable: sudo and test suites expect both. */
    loopback_up();
    write_file(ROOT "/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tquiz\n::1\tlocalhost ip6-localhost ip6-loopback\n",
            0644);
    link_scratch_disks();
    mount_dirs(dirs, dir_count);
    mark("switch");

    move_to("/proc", ROOT "/proc");
    if (chdir(ROOT) != 0 || mount(".", "/", NULL, MS_MOVE, NULL) != 0 || chroot(".") != 0 || chdir("/") != 0) {
        fail("cannot make the overlay the root: %s", strerror(errno));
    }
    run_stage2();
    return 0;
}
