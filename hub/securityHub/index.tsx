/** Entry point: connect to the host, then show the hub. */
import 'azure-devops-ui/Core/override.css';
import '../shared/hub.css';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { HubApp } from './App';
import { describeError } from '../shared/components/errors';
import { notifyFailed, notifyLoaded } from '../shared/sdk/hostConnection';
import { connectToHost } from './hostServices';

const root = document.getElementById('root');

connectToHost().then(
  (services) => {
    ReactDOM.render(<HubApp services={services} onReady={notifyLoaded} />, root);
  },
  (e: unknown) => {
    ReactDOM.render(
      <MessageCard severity={MessageCardSeverity.Error}>{`The Security hub could not start: ${describeError(e)}`}</MessageCard>,
      root,
    );
    notifyFailed(e);
  },
);
