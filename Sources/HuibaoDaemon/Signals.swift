// Signals, read from the signalfd: SIGHUP reloads, SIGTERM and SIGINT stop.

import Glibc

extension Daemon {
    func handleSignals() {
        while let signo = signals.next() {
            switch signo {
            case SIGHUP:
                reload()
                takeReprocessRequest()
            default:
                requestStop(signal: signo)
            }
        }
    }
}
