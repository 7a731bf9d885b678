package dev.rehearsal.dashboard.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A process that runs partitions: its host name and process id, as reports and the catalog name it.
 */
public record Worker(String host, long pid) {

    /** This process. */
    public static Worker self() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return new Worker(host, ProcessHandle.current().pid());
    }

    @Override
    public String toString() {
        return host + " (pid " + pid + ")";
    }
}
