package dev.sift.app.notification;

import dev.sift.core.notification.Channel;
import dev.sift.core.notification.Notification;

/** Delivers a notification to a channel of one type; one connector per type, same shape. */
interface Sender {
    /** @throws DeliveryFailed saying why, and whether it is worth trying again */
    void send(Channel channel, Notification n) throws DeliveryFailed;
}
