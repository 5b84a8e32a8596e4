package dev.passage.device;

/** A failure of the device runtime, with a message for the person running it. */
public final class DeviceException extends RuntimeException {
    public DeviceException(String message) {
        super(message);
    }
}
