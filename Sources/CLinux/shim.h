// memrchr is a GNU extension: declared only with _GNU_SOURCE, which Swift's Glibc module lacks.
#define _GNU_SOURCE
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/vfs.h>
#include <sys/inotify.h>
#include <signal.h>
#include <linux/magic.h>
#include <malloc.h>
