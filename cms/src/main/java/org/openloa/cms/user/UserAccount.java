package org.openloa.cms.user;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Role;

@Entity
@Table(name = "app_user")
public class UserAccount {

    @Id
    private UUID id;

    private String username;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(name = "display_name")
    private String displayName;

    @Column(name = "area_id")
    private UUID areaId;

    private boolean enabled;

    @Column(name = "created_at")
    private Instant createdAt;

    @Version
    private long version;

    /** Raised by each change of password: a session opened before it ends. */
    @Column(name = "credentials_version")
    private long credentialsVersion;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "app_user_role", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role")
    @Enumerated(EnumType.STRING)
    private Set<Role> roles = new HashSet<>();

    protected UserAccount() {}

    UserAccount(
            String username, String passwordHash, String displayName, UUID areaId, Set<Role> roles, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.username = username;
        this.passwordHash = passwordHash;
        this.displayName = displayName;
        this.areaId = areaId;
        this.roles = new HashSet<>(roles);
        this.enabled = true;
        this.createdAt = createdAt;
    }

    void changePassword(String passwordHash) {
        this.passwordHash = passwordHash;
        this.credentialsVersion++;
    }

    /** The same password hashed anew (a stronger encoding): sessions stay. */
    void rehash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    void describe(String displayName) {
        this.displayName = displayName;
    }

    void assign(UUID areaId, Set<Role> roles) {
        this.areaId = areaId;
        this.roles = new HashSet<>(roles);
    }

    void enable(boolean enabled) {
        this.enabled = enabled;
    }

    public UUID id() {
        return id;
    }

    public String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    public String displayName() {
        return displayName;
    }

    /** null: the national level. */
    public UUID areaId() {
        return areaId;
    }

    public Set<Role> roles() {
        return roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
    }

    public boolean enabled() {
        return enabled;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Changes with every change of the account (roles, area, enabled...). */
    long version() {
        return version;
    }

    long credentialsVersion() {
        return credentialsVersion;
    }
}
