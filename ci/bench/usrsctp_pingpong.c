/*
 * Baseline for the userland path (BENCHMARKS.md): the send/receive loop of
 * sctp/benches/userland_pingpong.rs as a plain C program on usrsctp, the way a C programmer would write
 * it: usrsctp_sendv with an sctp_sndinfo, usrsctp_recvv with an sctp_rcvinfo, buffers on the stack.
 *
 * Build: cc -O2 usrsctp_pingpong.c $(pkg-config --cflags --libs usrsctp)
 * usage: usrsctp_pingpong SIZE COUNT
 * One process, one usrsctp stack on a UDP port of its choosing (0 = any free one is not offered by
 * usrsctp, so 9911 + getpid() % 1000), a one-to-one association over 127.0.0.1 between two sockets
 * of that stack; COUNT messages of SIZE bytes on stream 1 with ppid 46, each send followed by its
 * receive, the receiver checking stream, ppid, length and completeness. Prints "ns_per_msg=<n>".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <usrsctp.h>

static void die(const char *what) { perror(what); exit(1); }

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: usrsctp_pingpong SIZE COUNT\n"); return 2; }
    size_t size = strtoul(argv[1], NULL, 10);
    long count = strtol(argv[2], NULL, 10);
    uint16_t port = 9911 + getpid() % 1000;
    usrsctp_init(port, NULL, NULL);

    struct socket *l = usrsctp_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP, NULL, NULL, 0, NULL);
    struct socket *c = usrsctp_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP, NULL, NULL, 0, NULL);
    if (!l || !c) die("usrsctp_socket");
    struct sctp_udpencaps encaps;
    memset(&encaps, 0, sizeof encaps);
    encaps.sue_address.ss_family = AF_INET;
    encaps.sue_port = htons(port);
    if (usrsctp_setsockopt(c, IPPROTO_SCTP, SCTP_REMOTE_UDP_ENCAPS_PORT, &encaps, sizeof encaps) < 0)
        die("SCTP_REMOTE_UDP_ENCAPS_PORT");
    const int on = 1;
    /* Without it each small message waits for the SACK of the previous one (Nagle). */
    if (usrsctp_setsockopt(c, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof on) < 0) die("SCTP_NODELAY");
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(5001);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (usrsctp_bind(l, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
    if (usrsctp_listen(l, 1) < 0) die("listen");
    if (usrsctp_connect(c, (struct sockaddr *)&a, sizeof a) < 0) die("connect");
    struct socket *s = usrsctp_accept(l, NULL, NULL);
    if (!s) die("accept");
    if (usrsctp_setsockopt(s, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on) < 0) die("RECVRCVINFO");

    char out[65536], in[65536];
    memset(out, 'x', size);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < count; i++) {
        struct sctp_sndinfo si;
        memset(&si, 0, sizeof si);
        si.snd_sid = 1;
        si.snd_ppid = htonl(46);
        if (usrsctp_sendv(c, out, size, NULL, 0, &si, sizeof si, SCTP_SENDV_SNDINFO, 0) != (ssize_t)size)
            die("usrsctp_sendv");
        struct sctp_rcvinfo ri;
        socklen_t infolen = sizeof ri, fromlen = 0;
        unsigned int infotype = 0;
        int flags = 0;
        ssize_t n = usrsctp_recvv(s, in, sizeof in, NULL, &fromlen, &ri, &infolen, &infotype, &flags);
        if (n != (ssize_t)size || infotype != SCTP_RECVV_RCVINFO || ri.rcv_sid != 1 ||
            ntohl(ri.rcv_ppid) != 46 || !(flags & MSG_EOR))
            die("usrsctp_recvv");
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
    printf("ns_per_msg=%.0f\n", ns / count);
    usrsctp_close(s);
    usrsctp_close(c);
    usrsctp_close(l);
    while (usrsctp_finish() != 0) usleep(10000);
    return 0;
}
