package org.openloa.cms.push;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code openloa.mqtt.url} has text. Not {@code @ConditionalOnProperty}: that matches an empty value
 * too, and {@code OPENLOA_MQTT_URL=} in an environment file means "no broker", not "a broker at ''".
 */
class BrokerConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty("openloa.mqtt.url"));
    }
}
