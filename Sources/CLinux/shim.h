#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/vfs.h>
#include <sys/inotify.h>
#include <signal.h>
#include <linux/magic.h>
#include <malloc.h>
