package dev.edgecam.transport.security;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The addresses a transport accepts connections from: {@link #ANYONE}, {@link #NOBODY} (the port stays
 * closed) or a list of {@link Cidr} blocks, as given to {@code --allow} and {@code --legacy-allow}. Two lists are
 * equal when they hold the same blocks, in any order (a config reload compares them).
 */
public final class AddressAllowList {

    public static final AddressAllowList ANYONE = new AddressAllowList(null);
    public static final AddressAllowList NOBODY = new AddressAllowList(List.of());

    /** null means anyone. */
    private final List<Cidr> blocks;

    private AddressAllowList(List<Cidr> blocks) {
        this.blocks = blocks;
    }

    public static AddressAllowList of(List<Cidr> blocks) {
        return new AddressAllowList(List.copyOf(blocks));
    }

    /**
     * Parses {@code CIDR[,CIDR...]}; the empty text is {@link #NOBODY}.
     *
     * @throws IllegalArgumentException naming the bad block
     */
    public static AddressAllowList parse(String value) {
        List<Cidr> blocks = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                blocks.add(Cidr.parse(part));
            }
        }
        return of(blocks);
    }

    /** This list and {@code other} together (anyone stays anyone). */
    public AddressAllowList and(AddressAllowList other) {
        if (blocks == null || other.blocks == null) {
            return ANYONE;
        }
        List<Cidr> both = new ArrayList<>(blocks);
        other.blocks.stream().filter(b -> !both.contains(b)).forEach(both::add);
        return of(both);
    }

    public boolean allows(InetAddress address) {
        return blocks == null || blocks.stream().anyMatch(block -> block.contains(address));
    }

    public boolean allowsAnyone() {
        return blocks == null;
    }

    public boolean allowsNobody() {
        return blocks != null && blocks.isEmpty();
    }

    public List<Cidr> blocks() {
        return blocks == null ? List.of() : blocks;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressAllowList list && Objects.equals(blockSet(), list.blockSet());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(blockSet());
    }

    /** null for anyone. */
    private Set<Cidr> blockSet() {
        return blocks == null ? null : Set.copyOf(blocks);
    }

    @Override
    public String toString() {
        return blocks == null ? "anyone" : blocks.isEmpty() ? "nobody"
                : blocks.stream().map(Cidr::toString).collect(Collectors.joining(","));
    }
}
