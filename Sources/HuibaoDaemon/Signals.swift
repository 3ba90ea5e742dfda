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
                if !stopping {
                    stopping = true
                    Notify.stopping()
                    journal.log(.info, .stopping, "huibaod stopping (signal \(signo)): finishing \(inFlight.count) file(s) in hand")
                }
            }
        }
    }
}
