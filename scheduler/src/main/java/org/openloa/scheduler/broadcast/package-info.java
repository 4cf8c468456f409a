/**
 * What is broadcast: a {@link org.openloa.scheduler.broadcast.Broadcast} with its content (a playlist of
 * media items or a live stream slot), priority as Circular 39/2020/TT-BTTTT defines it, volume, repeat
 * count, schedule, targets and state, as cms hands it to the plan resolver.
 */
package org.openloa.scheduler.broadcast;
