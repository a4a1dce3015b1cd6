/** The three states every view has besides its content: loading, empty and failed (with retry). */
import * as React from 'react';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { Spinner, SpinnerSize } from 'azure-devops-ui/Spinner';
import { ZeroData, ZeroDataActionType } from 'azure-devops-ui/ZeroData';
import { describeError } from './errors';

export function Loading(props: { label: string }): JSX.Element {
  return (
    <div className="palisade-loading flex-row justify-center" role="status">
      <Spinner size={SpinnerSize.large} label={props.label} />
    </div>
  );
}

export function LoadError(props: { what: string; error: Error; onRetry?: () => void }): JSX.Element {
  return (
    <MessageCard
      className="palisade-error"
      severity={MessageCardSeverity.Error}
      role="alert"
      buttonProps={props.onRetry ? [{ text: 'Retry', onClick: props.onRetry, iconProps: { iconName: 'Refresh' } }] : undefined}
    >
      {`Could not load ${props.what}: ${describeError(props.error)}`}
    </MessageCard>
  );
}

export function Empty(props: { title: string; text: string; icon?: string; actionText?: string; onAction?: () => void }): JSX.Element {
  return (
    <ZeroData
      className="palisade-empty"
      primaryText={props.title}
      secondaryText={props.text}
      imageAltText=""
      iconProps={{ iconName: props.icon ?? 'Shield' }}
      actionText={props.actionText}
      // ZeroData's default action is a plain link that ignores onActionClick: a button runs it.
      actionType={props.onAction ? ZeroDataActionType.ctaButton : undefined}
      onActionClick={props.onAction}
    />
  );
}
