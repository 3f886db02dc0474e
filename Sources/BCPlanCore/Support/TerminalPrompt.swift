import Foundation

/// Asks the person at the controlling terminal (`/dev/tty`), wherever standard output goes: with
/// `bcplan apply | tee apply.log` the plan goes through the pipe and the question still reaches the
/// person, as Terraform asks.
public enum TerminalPrompt {
    /// True when standard input is a terminal and the process has a controlling terminal to ask on.
    public static var isAvailable: Bool {
        guard isatty(0) == 1 else { return false }
        let descriptor = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    /// Writes `prompt` to the terminal and reads one line of the answer (without its line break);
    /// nil at the end of input, when there is no terminal, or once `stop` is requested (Ctrl-C:
    /// the signal is watched, not delivered, so a blocked read would not notice it).
    public static func ask(_ prompt: String, stop: StopRequest? = nil) -> String? {
        let descriptor = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let bytes = Array(prompt.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            written += count
        }
        // The terminal hands over whole lines; a byte at a time stops exactly at the line break.
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            if let stop {
                // Looks at the stop ten times a second while the person reads the plan.
                var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let polled = poll(&ready, 1, 100)
                if stop.isRequested { return nil }
                if polled == 0 || (polled < 0 && errno == EINTR) { continue }
            }
            let count = read(descriptor, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if byte == 0x0A { break }
            line.append(byte)
        }
        if line.last == 0x0D { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
