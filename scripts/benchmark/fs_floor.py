#!/usr/bin/env python3
"""The file-system floor of one drain: the file operations a contender makes per message, with no network, parsing
or JSON, timed on the benchmark's disk.

  fs_floor.py DIR COUNT SIZE archive   the main job's archive layout and commit points: per message a temporary
                                       folder, message.eml (renamed in, as from the spool), parts/ with one part,
                                       envelope.json, the rename into place; every 256 messages each file and folder
                                       forced by 4 threads, while the next messages are written
  fs_floor.py DIR COUNT SIZE maildir   mpop's Maildir delivery: per message create in tmp/, write, fsync, link into
                                       new/, unlink

Prints "<layout> <count> messages: <seconds> s".
"""
import concurrent.futures
import os
import sys
import time

BATCH = 256
THREADS = 4


def force(path, directory=False):
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write(path, data, mode=0o644):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def archive(root, count, body):
    spool = os.path.join(root, 'spool')
    account = os.path.join(root, 'archive', 'account')
    os.makedirs(spool)
    os.makedirs(account)
    pool = concurrent.futures.ThreadPoolExecutor(THREADS)
    forces, running = [], []
    envelope = b'{"schemaVersion":1}' * 40
    for n in range(count):
        spooled = os.path.join(spool, f'{n}.eml')
        write(spooled, body, 0o600)
        temp = os.path.join(account, f'.tmp-{n:08x}')
        target = os.path.join(account, f'{n:08x}')
        os.mkdir(temp)
        os.rename(spooled, os.path.join(temp, 'message.eml'))
        os.mkdir(os.path.join(temp, 'parts'))
        write(os.path.join(temp, 'parts', 'part-1.txt'), body[:len(body) * 9 // 10])
        write(os.path.join(temp, 'envelope.json'), envelope)
        os.rename(temp, target)
        forces += [(os.path.join(target, 'message.eml'), False), (os.path.join(target, 'parts', 'part-1.txt'), False),
                   (os.path.join(target, 'envelope.json'), False), (os.path.join(target, 'parts'), True),
                   (target, True)]
        if (n + 1) % BATCH == 0 or n + 1 == count:
            for f in running:
                f.result()
            forces.append((account, True))
            running = [pool.submit(force, p, d) for p, d in forces]
            forces = []
    for f in running:
        f.result()
    pool.shutdown()


def maildir(root, count, body):
    for sub in ('tmp', 'new', 'cur'):
        os.makedirs(os.path.join(root, 'Maildir', sub))
    for n in range(count):
        tmp = os.path.join(root, 'Maildir', 'tmp', f'{n}.host')
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, body)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(tmp, os.path.join(root, 'Maildir', 'new', f'{n}.host'))
        os.unlink(tmp)


def main():
    root, count, size, layout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    body = (b'x' * 76 + b'\r\n') * (size // 78 + 1)
    body = body[:size]
    start = time.monotonic()
    {'archive': archive, 'maildir': maildir}[layout](root, count, body)
    print(f'{layout} {count} messages: {time.monotonic() - start:.2f} s')


if __name__ == '__main__':
    main()
