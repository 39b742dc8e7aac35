package io.jprov.transport;

/**
 * A file to write atomically on a host.
 *
 * @param path absolute destination path
 * @param content the full content
 * @param mode octal mode such as {@code 0644}, or null to keep the existing file's mode (0644 for a
 *     new file)
 * @param owner owner user name, or null to leave as created
 * @param group group name, or null to leave as created
 * @param become write as root (sudo) unless already root
 */
public record FileUpload(
    String path, byte[] content, String mode, String owner, String group, boolean become) {}
