package org.openloa.cms.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import org.openloa.cms.access.Role;
import org.openloa.cms.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the first administrator (national level) when there is no user at all, from
 * OPENLOA_ADMIN_USERNAME / OPENLOA_ADMIN_PASSWORD; without a password, a random one is printed once.
 */
@Component
@Order(0)
class FirstAdministrator implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdministrator.class);

    private final Users users;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final Properties properties;
    private final MessageSource messages;

    FirstAdministrator(
            Users users, PasswordEncoder passwords, Clock clock, Properties properties, MessageSource messages) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
        this.properties = properties;
        this.messages = messages;
    }

    /**
     * The first administrator.
     *
     * @param username user name of the first administrator (OPENLOA_ADMIN_USERNAME)
     * @param password password of the first administrator (OPENLOA_ADMIN_PASSWORD); when unset, a random
     *                 one is generated and printed once to the log
     */
    @ConfigurationProperties("openloa.admin")
    record Properties(String username, String password) {
        Properties {
            username = username == null || username.isBlank() ? "admin" : username;
        }
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        String username;
        try {
            username = UserService.checkUsername(properties.username());
        } catch (ProblemException refused) {
            throw misconfigured("user name", "OPENLOA_ADMIN_USERNAME", refused);
        }
        String password = properties.password();
        boolean generated = password == null || password.isBlank();
        if (generated) {
            password = randomPassword();
        } else {
            try {
                UserService.checkPassword(username, password);
            } catch (ProblemException refused) {
                throw misconfigured("password", "OPENLOA_ADMIN_PASSWORD", refused);
            }
        }
        users.save(new UserAccount(
                username,
                passwords.encode(password),
                "Quản trị hệ thống",
                null,
                EnumSet.of(Role.ADMIN),
                clock.instant()));
        if (generated) {
            // Printed once, on purpose: the only way to reach a fresh server that was given no password.
            log.warn(
                    "\n\n    First administrator created: user name '{}', password '{}'\n"
                            + "    Change it after logging in, or set OPENLOA_ADMIN_PASSWORD before the first start.\n",
                    username,
                    password);
        } else {
            log.info("First administrator '{}' created from the configured password", username);
        }
    }

    /**
     * Whoever starts the server reads this in its log, in English like the rest of the log: what is wrong,
     * in the words of the rule itself, and which variable to change.
     */
    private IllegalStateException misconfigured(String what, String variable, ProblemException refused) {
        String rule = messages.getMessage(refused.messageKey(), refused.args(), refused.messageKey(), Locale.ENGLISH);
        return new IllegalStateException("The first administrator's " + what + " given in " + variable
                + " is not accepted: " + rule + " Change " + variable + " and start again.");
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
