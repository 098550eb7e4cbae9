/*
 * Baseline for `cargo xtask bench`: the send/receive loop of sctp/benches/pingpong.rs written as a plain C
 * program against the kernel's sockets API, the way an experienced C programmer would: sendmsg(2) with
 * an SCTP_SNDINFO control message, recvmsg(2) with an SCTP_RCVINFO one, buffers on the stack.
 *
 * Build: cc -O2 pingpong.c -lsctp (sctp_connectx for the one-to-many association id).
 * usage: pingpong stream|seqpacket SIZE COUNT [fixed|varying]
 * Sends COUNT messages of SIZE bytes from a client to a server over 127.0.0.1 in one thread, each
 * send followed by its receive, then prints "ns_per_msg=<n>" for the loop alone.
 * Workloads: "fixed" (the default) sends every message on stream 1 and checks length and ppid;
 * "varying" sends message i on stream i % 10 and checks what an application would: stream, ppid,
 * length and completeness (MSG_EOR).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) { perror(what); exit(1); }

static int sock(int type) {
    int s = socket(AF_INET, type, IPPROTO_SCTP);
    if (s < 0) die("socket");
    return s;
}

static void send_one(int s, const char *data, size_t len, sctp_assoc_t assoc, uint16_t sid) {
    char cbuf[CMSG_SPACE(sizeof(struct sctp_sndinfo))];
    struct iovec iov = { (void *)data, len };
    struct msghdr msg = { 0 };
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = cbuf;
    msg.msg_controllen = sizeof cbuf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_SCTP;
    c->cmsg_type = SCTP_SNDINFO;
    c->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndinfo));
    struct sctp_sndinfo *si = (struct sctp_sndinfo *)CMSG_DATA(c);
    memset(si, 0, sizeof *si);
    si->snd_sid = sid;
    si->snd_ppid = htonl(46);
    si->snd_assoc_id = assoc;
    if (sendmsg(s, &msg, 0) != (ssize_t)len) die("sendmsg");
}

static size_t recv_one(int s, char *buf, size_t cap, struct sctp_rcvinfo *out, int *eor) {
    char cbuf[CMSG_SPACE(sizeof(struct sctp_rcvinfo))];
    struct iovec iov = { buf, cap };
    struct msghdr msg = { 0 };
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = cbuf;
    msg.msg_controllen = sizeof cbuf;
    ssize_t n = recvmsg(s, &msg, 0);
    if (n < 0) die("recvmsg");
    if (msg.msg_flags & (MSG_NOTIFICATION | MSG_CTRUNC)) { fprintf(stderr, "unexpected flags\n"); exit(1); }
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO)
            memcpy(out, CMSG_DATA(c), sizeof *out);
    *eor = (msg.msg_flags & MSG_EOR) != 0;
    return (size_t)n;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: pingpong stream|seqpacket SIZE COUNT [fixed|varying]\n");
        return 2;
    }
    int varying = argc == 5 && strcmp(argv[4], "varying") == 0;
    if (argc == 5 && !varying && strcmp(argv[4], "fixed") != 0) {
        fprintf(stderr, "unknown workload %s\n", argv[4]);
        return 2;
    }
    int one_to_many = strcmp(argv[1], "seqpacket") == 0;
    size_t size = strtoul(argv[2], 0, 10);
    long count = strtol(argv[3], 0, 10);
    int type = one_to_many ? SOCK_SEQPACKET : SOCK_STREAM;
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof addr;

    int lst = sock(type);
    if (bind(lst, (struct sockaddr *)&addr, sizeof addr)) die("bind");
    if (listen(lst, 4)) die("listen");
    if (getsockname(lst, (struct sockaddr *)&addr, &alen)) die("getsockname");
    int on = 1;
    if (setsockopt(lst, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on)) die("SCTP_RECVRCVINFO");

    int cli = sock(type);
    sctp_assoc_t assoc = 0;
    if (one_to_many) {
        /* The association id is needed to address sends on a one-to-many socket. */
        if (sctp_connectx(cli, (struct sockaddr *)&addr, 1, &assoc) < 0) die("sctp_connectx");
    } else if (connect(cli, (struct sockaddr *)&addr, sizeof addr)) {
        die("connect");
    }
    /* Without NODELAY each small message would wait for the SACK of the one before (Nagle). */
    if (setsockopt(cli, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof on)) die("SCTP_NODELAY");
    int srv = lst;
    if (!one_to_many) {
        srv = accept(lst, 0, 0);
        if (srv < 0) die("accept");
        if (setsockopt(srv, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on)) die("SCTP_RECVRCVINFO");
    }

    char *payload = malloc(size), buf[65536];
    memset(payload, 'x', size);
    struct sctp_rcvinfo ri;
    int eor;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (varying) {
        for (long i = 0; i < count; i++) {
            uint16_t sid = (uint16_t)(i % 10);
            send_one(cli, payload, size, assoc, sid);
            if (recv_one(srv, buf, sizeof buf, &ri, &eor) != size || ri.rcv_ppid != htonl(46) ||
                ri.rcv_sid != sid || !eor) {
                fprintf(stderr, "bad message\n");
                return 1;
            }
        }
    } else {
        for (long i = 0; i < count; i++) {
            send_one(cli, payload, size, assoc, 1);
            if (recv_one(srv, buf, sizeof buf, &ri, &eor) != size || ri.rcv_ppid != htonl(46)) {
                fprintf(stderr, "bad message\n");
                return 1;
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
    printf("ns_per_msg=%.0f\n", count ? ns / count : 0);
    return 0;
}
